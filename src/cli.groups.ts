import type { Command } from 'commander';
import type { CliKit } from './cli/kit.ts';

type Register = (program: Command, kit: CliKit) => void;

/**
 * Each module of commands, by the top-level commands it declares. `tansiq import` loads the
 * exchange's commands and what they use, not the server, the article reader or the demo: a
 * command starts in about half the time, which a bulk import counts in its speed. Help, and a
 * command not named here, load every module. A test checks the names against what each module
 * declares.
 */
export const COMMAND_GROUPS: { names: readonly string[]; load: () => Promise<Register> }[] = [
  {
    names: ['serve', 'demo', 'user', 'token', 'audit'],
    load: async () => (await import('./cli.core.ts')).registerCoreCommands,
  },
  {
    names: ['import', 'projections', 'export'],
    load: async () => (await import('./exchange/exchange.cli.ts')).registerExchangeCommands,
  },
  {
    names: ['peer', 'secrets'],
    load: async () => (await import('./federation/peer.cli.ts')).registerPeerCommands,
  },
  {
    names: ['member', 'group'],
    load: async () => (await import('./admin/admin.cli.ts')).registerAdminCommands,
  },
  {
    names: ['import-iati', 'export-iati', 'import-projects', 'export-projects'],
    load: async () =>
      (await import('./coordination/coordination.cli.ts')).registerCoordinationCommands,
  },
  {
    names: ['ingest'],
    load: async () => {
      const { registerIngestCommands } = await import('./ingest/ingest.cli.ts');
      return (program) => registerIngestCommands(program);
    },
  },
  {
    names: ['import-events'],
    load: async () => (await import('./picture/picture.cli.ts')).registerPictureCommands,
  },
  {
    names: ['search', 'search-index'],
    load: async () => (await import('./search/search.cli.ts')).registerSearchCommands,
  },
  {
    names: ['digests'],
    load: async () =>
      (await import('./notifications/notifications.cli.ts')).registerNotificationCommands,
  },
  {
    names: ['backup', 'restore'],
    load: async () => (await import('./backup/backup.cli.ts')).registerBackupCommands,
  },
];

/** The modules a command line needs: the one that declares its command, else all of them. */
export function groupsFor(argv: readonly string[]): typeof COMMAND_GROUPS {
  const asked = argv.find((a) => !a.startsWith('-'));
  const own = COMMAND_GROUPS.filter((g) => asked !== undefined && g.names.includes(asked));
  return own.length > 0 ? own : COMMAND_GROUPS;
}

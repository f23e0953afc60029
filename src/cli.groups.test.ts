import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { withDb, configFrom } from './cli.support.ts';
import { COMMAND_GROUPS, groupsFor } from './cli.groups.ts';

const kit = {
  withDb,
  configFrom,
  actorFor: () => Promise.reject(new Error('not called: commands are only declared here')),
};

/** `tansiq <command>` loads only the module that declares the command, so each list must be right. */
describe('the command modules', () => {
  it('each declares exactly the commands it is listed under, and no two declare the same', async () => {
    const seen = new Set<string>();
    for (const group of COMMAND_GROUPS) {
      const program = new Command('tansiq');
      (await group.load())(program, kit);
      const declared = program.commands.map((c) => c.name());
      expect(declared.sort()).toEqual([...group.names].sort());
      for (const name of declared) {
        expect(seen.has(name), name).toBe(false);
        seen.add(name);
      }
    }
  });

  it('a command line loads the module of its command; help and unknown commands load them all', () => {
    expect(groupsFor(['import', 'bundle.json', '--as', 'analyst-ma']).map((g) => g.names)).toEqual([
      ['import', 'projections', 'export'],
    ]);
    expect(groupsFor(['serve', '--demo'])[0]!.names).toContain('serve');
    expect(groupsFor(['--help'])).toHaveLength(COMMAND_GROUPS.length);
    expect(groupsFor(['help', 'import'])).toHaveLength(COMMAND_GROUPS.length);
    expect(groupsFor(['no-such-command'])).toHaveLength(COMMAND_GROUPS.length);
  });
});

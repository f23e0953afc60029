import { useState } from 'react';
import type { ObjectDetail } from '../../api';
import { useSession } from '../../session';
import { AttachmentsPanel } from './AttachmentsPanel';
import { NeighbourhoodGraph } from './NeighbourhoodGraph';
import { OwnerActions } from './OwnerActions';
import { MentionsPanel, ReferencesPanel } from './ReferencesPanel';
import { RepliesPanel } from './RepliesPanel';
import { VersionsDiff } from './VersionsDiff';

const WITH_FILES = new Set(['report', 'incident', 'grouping']);
const UNANSWERED = new Set(['marking-definition', 'extension-definition', 'language-content']);

/** The object's knowledge in the main column: what it refers to, its graph, replies, files, mentions. */
export function ObjectKnowledgeMain({ detail }: { detail: ObjectDetail }) {
  const { me } = useSession();
  const [reload, setReload] = useState(0);
  const id = detail.object.id;
  const type = detail.object.type;
  const owner = detail.owner === me.member.code && me.role !== 'reader';
  return (
    <>
      <ReferencesPanel id={id} reload={reload} />
      {WITH_FILES.has(type) && (
        <AttachmentsPanel
          id={id}
          canAttach={owner && detail.object.revoked !== true}
          onChange={() => setReload((n) => n + 1)}
        />
      )}
      <RepliesPanel
        id={id}
        tlp={detail.tlp}
        answerable={!UNANSWERED.has(type)}
        onChange={() => setReload((n) => n + 1)}
      />
      <NeighbourhoodGraph id={id} reload={reload} />
      <MentionsPanel id={id} />
      <VersionsDiff id={id} reload={detail.object.modified === undefined ? 0 : reload} />
    </>
  );
}

/** In the side column: the owner's actions. */
export function ObjectKnowledgeSide({
  detail,
  onChanged,
}: {
  detail: ObjectDetail;
  onChanged: (d: ObjectDetail) => void;
}) {
  return <OwnerActions detail={detail} onRevoked={onChanged} />;
}

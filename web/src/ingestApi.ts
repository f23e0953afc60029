// Client of the article-ingestion API (`/api/v1/ingest`). Types come from the contract.
import type {
  Draft,
  DraftReview,
  DraftSummary,
  IngestRequest,
  LinkTargets,
  PublishRequest,
  PublishResult,
} from '../../contract/ingest';
import { request } from './api';

export type {
  Draft,
  DraftReview,
  DraftSummary,
  Extraction,
  LinkTargets,
  PublishResult,
  ReviewedIncident,
  ReviewedPerson,
  ReviewedGroup,
  ReviewedPlace,
  ReviewedDate,
  ReviewStatus,
  Span,
  EventType,
} from '../../contract/ingest';

const draftPath = (id: string) => `/ingest/drafts/${encodeURIComponent(id)}`;

export const ingestApi = {
  read: (article: IngestRequest) => request<Draft>('POST', '/ingest', { body: article }),
  drafts: () => request<{ items: DraftSummary[] }>('GET', '/ingest/drafts'),
  draft: (id: string) => request<Draft>('GET', draftPath(id)),
  saveReview: (id: string, review: DraftReview) =>
    request<Draft>('PUT', `${draftPath(id)}/review`, { body: review }),
  publish: (id: string, publish: PublishRequest) =>
    request<PublishResult>('POST', `${draftPath(id)}/publish`, { body: publish }),
  remove: (id: string) => request<void>('DELETE', draftPath(id)),
  links: () => request<LinkTargets>('GET', '/ingest/links'),
};

import { isStixTimestamp, versionKey } from './timestamp.ts';
import { checkPropertyKinds } from './properties.ts';
import { stricterTlp, tlpOfMarking, type TlpLevel } from './tlp.ts';
import { categoryOf, REQUIRED, TIMESTAMP_PROPERTIES, type StixObject } from './types.ts';

export interface StixProblem {
  /** JSON path inside the object, e.g. `object_refs[2]`; empty for the object as a whole. */
  path: string;
  reason: string;
}

export interface ValidObject {
  ok: true;
  object: StixObject;
  /** `modified`, else `created`, in sortable form; '' for objects without either (SCOs). */
  version: string;
  /**
   * The most restrictive TLP level its markings carry anywhere — object-level or granular (a
   * description marked RED makes the object RED for the sharing rules) — if any.
   */
  tlp: TlpLevel | undefined;
  /** Deviations the OASIS validator only warns about (a custom `_ref` that is not an id …). */
  warnings: StixProblem[];
  /** Marking-definition ids it refers to that are not TLP (must be known to the store). */
  otherMarkings: string[];
}

export type Validation =
  ValidObject | { ok: false; id: string | undefined; problems: StixProblem[] };

const TYPE_NAME = /^-?[a-z0-9]+(-[a-z0-9]+)*-?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A STIX identifier (§2.9): `type--UUID`. */
export function isIdentifier(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const at = value.indexOf('--');
  return at > 2 && TYPE_NAME.test(value.slice(0, at)) && UUID.test(value.slice(at + 2));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every `*_ref` and `*_refs` property, at any depth, must hold identifiers (§3.1, §3.4). In custom
 * content (an `x_` property, a property extension defined elsewhere) the OASIS validator only
 * warns: published bundles such as MITRE ATT&CK carry `x_mitre_data_source_ref: ""`.
 */
function checkReferences(
  value: unknown,
  path: string,
  problems: StixProblem[],
  warnings: StixProblem[],
  custom: boolean,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkReferences(item, `${path}[${i}]`, problems, warnings, custom));
    return;
  }
  if (!isPlainObject(value)) return;
  // Runs on every property of every object stored: paths are only built for a problem or a descent.
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const inExtensions = path === 'extensions';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = value[key];
    const isCustom =
      custom || key.startsWith('x_') || (inExtensions && key.startsWith('extension-definition--'));
    const out = isCustom ? warnings : problems;
    if (key.endsWith('_ref') && !isIdentifier(child)) {
      out.push({ path: at(key), reason: 'must be a STIX identifier (type--UUID)' });
    } else if (key.endsWith('_refs')) {
      if (!Array.isArray(child)) {
        out.push({ path: at(key), reason: 'must be a list of STIX identifiers' });
      } else {
        child.forEach((ref, i) => {
          if (!isIdentifier(ref)) {
            out.push({
              path: `${at(key)}[${i}]`,
              reason: 'must be a STIX identifier (type--UUID)',
            });
          }
        });
      }
    } else if (typeof child === 'object' && child !== null) {
      checkReferences(child, at(key), problems, warnings, isCustom);
    }
  }
}

function checkCommon(
  o: Record<string, unknown>,
  problems: StixProblem[],
  warnings: StixProblem[],
): void {
  const type = o.type as string;
  const category = categoryOf(type);
  const needsTimes =
    category === 'sdo' ||
    category === 'sro' ||
    type === 'language-content' ||
    type === 'extension-definition';
  if (category !== 'sco' && category !== 'custom' && o.spec_version === undefined) {
    problems.push({ path: 'spec_version', reason: 'required' });
  }
  if (o.spec_version !== undefined && o.spec_version !== '2.1') {
    problems.push({ path: 'spec_version', reason: 'must be "2.1"' });
  }
  if (needsTimes || type === 'marking-definition') {
    if (o.created === undefined) problems.push({ path: 'created', reason: 'required' });
  }
  if (needsTimes && o.modified === undefined) {
    problems.push({ path: 'modified', reason: 'required' });
  }
  for (const name of REQUIRED[type] ?? []) {
    if (o[name] === undefined) problems.push({ path: name, reason: 'required' });
  }
  for (const name of ['object_refs']) {
    if (
      REQUIRED[type]?.includes(name) &&
      Array.isArray(o[name]) &&
      (o[name] as unknown[]).length === 0
    ) {
      problems.push({ path: name, reason: 'must contain at least one reference' });
    }
  }
  if (
    type === 'location' &&
    o.region === undefined &&
    o.country === undefined &&
    (o.latitude === undefined || o.longitude === undefined)
  ) {
    problems.push({
      path: 'region',
      reason: 'a location needs region, country, or latitude and longitude',
    });
  }
  if (type === 'malware' && o.is_family === true && o.name === undefined) {
    problems.push({ path: 'name', reason: 'required when is_family is true' });
  }
  if (type === 'observed-data' && o.object_refs === undefined && o.objects === undefined) {
    problems.push({ path: 'object_refs', reason: 'observed-data needs object_refs' });
  }
  if (category === 'custom') {
    for (const name of TIMESTAMP_PROPERTIES) {
      if (o[name] !== undefined && !isStixTimestamp(o[name])) {
        problems.push({
          path: name,
          reason: 'must be an RFC 3339 UTC timestamp such as 2021-12-02T10:00:00.000Z',
        });
      }
    }
  } else {
    // The JSON type of every defined property before its meaning.
    checkPropertyKinds(o, problems);
  }
  if (
    isStixTimestamp(o.created) &&
    isStixTimestamp(o.modified) &&
    versionKey(o.modified) < versionKey(o.created)
  ) {
    problems.push({ path: 'modified', reason: 'must not be earlier than created' });
  }
  if (category === 'custom') {
    // Standard types had these checked with every other property's type.
    if (o.object_marking_refs !== undefined && !Array.isArray(o.object_marking_refs))
      problems.push({ path: 'object_marking_refs', reason: 'must be a list of STIX identifiers' });
    if (o.granular_markings !== undefined && !Array.isArray(o.granular_markings))
      problems.push({ path: 'granular_markings', reason: 'must be a list of JSON objects' });
  }
  checkReferences(o, '', problems, warnings, false);
  checkMarkingTypes(o, problems);
}

/** Markings refer to marking definitions (§7.2.2, §7.2.3), nothing else. */
function checkMarkingTypes(o: Record<string, unknown>, problems: StixProblem[]): void {
  const notMarking = (ref: unknown) => isIdentifier(ref) && !ref.startsWith('marking-definition--');
  if (Array.isArray(o.object_marking_refs)) {
    o.object_marking_refs.forEach((ref, i) => {
      if (notMarking(ref))
        problems.push({
          path: `object_marking_refs[${i}]`,
          reason: 'must be a marking-definition',
        });
    });
  }
  if (Array.isArray(o.granular_markings)) {
    o.granular_markings.forEach((g, i) => {
      if (isPlainObject(g) && notMarking(g.marking_ref))
        problems.push({
          path: `granular_markings[${i}].marking_ref`,
          reason: 'must be a marking-definition',
        });
    });
  }
}

/** Marking references of the object and of its granular markings. */
function markingRefs(o: Record<string, unknown>): string[] {
  const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as unknown[]) : [];
  const granular = Array.isArray(o.granular_markings) ? (o.granular_markings as unknown[]) : [];
  const fromGranular = granular.flatMap((g) =>
    isPlainObject(g) && typeof g.marking_ref === 'string' ? [g.marking_ref] : [],
  );
  return [...refs.filter((r): r is string => typeof r === 'string'), ...fromGranular];
}

/** Validates one STIX 2.1 object; never throws. */
export function validateObject(input: unknown): Validation {
  if (!isPlainObject(input)) {
    return { ok: false, id: undefined, problems: [{ path: '', reason: 'must be a JSON object' }] };
  }
  const id = typeof input.id === 'string' ? input.id : undefined;
  const problems: StixProblem[] = [];
  if (
    typeof input.type !== 'string' ||
    input.type.length < 3 ||
    input.type.length > 250 ||
    !TYPE_NAME.test(input.type)
  ) {
    problems.push({
      path: 'type',
      reason: 'required: lower-case letters, digits and hyphens, 3 to 250 characters',
    });
  } else if (input.type === 'bundle') {
    problems.push({ path: 'type', reason: 'a bundle is not an object: send its objects' });
  }
  if (!isIdentifier(input.id)) {
    problems.push({ path: 'id', reason: 'required: a STIX identifier (type--UUID)' });
  } else if (typeof input.type === 'string' && !input.id.startsWith(`${input.type}--`)) {
    problems.push({ path: 'id', reason: `must start with "${String(input.type)}--"` });
  }
  if (problems.length > 0) return { ok: false, id, problems };
  const warnings: StixProblem[] = [];
  checkCommon(input, problems, warnings);

  const tlpLevels = new Set<TlpLevel>();
  const otherMarkings: string[] = [];
  const objectRefs = Array.isArray(input.object_marking_refs)
    ? (input.object_marking_refs as unknown[])
    : [];
  for (const ref of objectRefs) {
    if (typeof ref !== 'string') continue;
    const level = tlpOfMarking(ref);
    if (level) tlpLevels.add(level);
  }
  let strictest: TlpLevel | undefined;
  for (const ref of markingRefs(input)) {
    const level = tlpOfMarking(ref);
    if (level) strictest = strictest ? stricterTlp(strictest, level) : level;
    else if (!otherMarkings.includes(ref)) otherMarkings.push(ref);
  }
  if (tlpLevels.size > 1) {
    problems.push({
      path: 'object_marking_refs',
      reason: `carries ${tlpLevels.size} different TLP markings; exactly one is allowed`,
    });
  }
  if (problems.length > 0) return { ok: false, id, problems };

  const object = input as StixObject;
  const stamp =
    typeof input.modified === 'string'
      ? input.modified
      : typeof input.created === 'string'
        ? input.created
        : undefined;
  return {
    ok: true,
    object,
    version: stamp ? versionKey(stamp) : '',
    tlp: strictest,
    warnings,
    otherMarkings,
  };
}

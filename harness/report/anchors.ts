/**
 * The report's link targets: explicit `<a id>` anchors (heading slugs differ between markdown renderers, and a group's
 * title holds punctuation), so findings, claims and table rows can link to the table, section or code they speak of.
 */
import type { GroupResult } from '../results.ts';

export const SECTION = { findings: 'findings', race: 'race', faults: 'faults', claims: 'claims', code: 'code' } as const;

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The line that makes `id` a link target, placed just before the heading it names. */
export const anchor = (id: string): string => `<a id="${id}"></a>`;

export const groupAnchorId = (group: Pick<GroupResult, 'id'>): string => `group-${slug(group.id)}`;

/** A region's part of the code section, or one style's code in it. */
export const codeAnchorId = (region: string, style?: string): string => `code-${slug(region)}${style ? `-${slug(style)}` : ''}`;

/** `[text](#id)`. */
export const linkTo = (text: string, id: string): string => `[${text}](#${id})`;

import {
  isCollection,
  isScalar,
  parseDocument,
  visit,
  type CollectionTag,
  type Document,
  type Scalar,
  type ScalarTag,
  type Tags,
} from 'yaml';

/**
 * The scene's YAML text as an editable `yaml` Document, and back to text. The text is the editor's source of
 * truth: every edit parses it, changes the Document (setIn, deleteIn) and writes it again, so comments, key
 * order and flow or block style of untouched parts survive.
 *
 * A few things keep an edit from reformatting the rest of the file, as the bundled scenes are written: lines are
 * never refolded (lineWidth 0, so a long flow map stays on its line); a multi-line string (the folded
 * `description: >-`) is written back exactly as it was read while its value is unchanged; flow lists have no
 * padding (`[a, b]`) while flow maps do (`{ id: M1 }`); a comment after `key:` whose value is a block map stays
 * on the key's line (yaml would move it to the next line).
 */

const STR = 'tag:yaml.org,2002:str';
const SEQ = 'tag:yaml.org,2002:seq';
const MAP = 'tag:yaml.org,2002:map';

/** A scalar's text as read, for strings written over several lines. */
interface Verbatim {
  value: string;
  source: string;
}

const verbatims = new WeakMap<Scalar, Verbatim>();

/** The indentation of a multi-line text's second line: where a block scalar's content sits. */
const secondIndent = (text: string): string => /\n([ \t]*)/.exec(text)?.[1] ?? '';

/** yaml's tags with the file's habits: untouched multi-line strings as read, flow lists unpadded, flow maps padded. */
function fileHabits(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object') return tag;
    if (tag.tag === SEQ || tag.tag === MAP) return padded(tag as CollectionTag, tag.tag === MAP);
    if (tag.tag !== STR || !('stringify' in tag) || !tag.stringify) return tag;
    const plain = tag;
    const stringify: NonNullable<ScalarTag['stringify']> = (item, ctx, onComment, onChompKeep) => {
      const fresh = plain.stringify!(item, ctx, onComment, onChompKeep);
      const kept = isScalar(item) ? verbatims.get(item) : undefined;
      if (!kept || kept.value !== item.value || secondIndent(fresh) !== secondIndent(kept.source)) return fresh;
      return kept.source;
    };
    return { ...plain, stringify };
  });
}

/** A collection tag whose flow collections are written with (maps) or without (lists) padding inside the brackets. */
function padded(tag: CollectionTag, padding: boolean): CollectionTag {
  // yaml writes collections through their own toString when the tag has no stringify; ctx carries the padding
  const stringify = (item: unknown, ctx: object, onComment?: () => void, onChompKeep?: () => void): string =>
    (item as { toString(ctx: object, onComment?: () => void, onChompKeep?: () => void): string }).toString(
      { ...ctx, flowCollectionPadding: padding ? ' ' : '' },
      onComment,
      onChompKeep,
    );
  return { ...tag, stringify } as CollectionTag;
}

/** Puts a comment written after `key:` back on the key when yaml read it as the comment before a block collection. */
function keepKeyLineComments(doc: Document, text: string): void {
  visit(doc, {
    Pair(_key, pair) {
      const { key, value } = pair;
      if (!isScalar(key) || !key.range || !isCollection(value) || value.flow || !value.commentBefore) return;
      const lineEnd = text.indexOf('\n', key.range[1]);
      const rest = text.slice(key.range[1], lineEnd === -1 ? undefined : lineEnd);
      if (!/^\s*:\s*#/.test(rest) || key.comment) return;
      const [first, ...others] = value.commentBefore.split('\n');
      key.comment = first ?? null;
      value.commentBefore = others.length > 0 ? others.join('\n') : null;
    },
  });
}

/** Parses scene text into a Document for editing (errors are left on `doc.errors`; the validator reports them). */
export function readSceneDocument(text: string): Document {
  const doc = parseDocument(text, { customTags: fileHabits, uniqueKeys: false });
  keepKeyLineComments(doc, text);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]).replace(/\s+$/, '');
      if (source.includes('\n')) verbatims.set(node, { value: node.value, source });
    },
  });
  return doc;
}

/** Writes a Document back to text: no refolding, untouched multi-line strings as read. */
export function writeSceneDocument(doc: Document): string {
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Applies one edit to scene text through the Document API; returns the new text (the same text if nothing changed). */
export function editSceneText(text: string, edit: (doc: Document) => void): string {
  const doc = readSceneDocument(text);
  if (doc.errors.length > 0) throw new Error(`the YAML does not parse: ${doc.errors[0]!.message}`);
  edit(doc);
  return writeSceneDocument(doc);
}

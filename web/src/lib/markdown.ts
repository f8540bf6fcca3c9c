// A small, safe subset of Markdown for instructions: headings (#, ##, ###),
// numbered and bulleted lists, paragraphs, **bold** and `code`. It builds
// a block structure that components render as elements — never HTML
// strings — so a requester's text cannot inject markup into a worker's page.

export type Inline = { kind: 'text' | 'bold' | 'code'; text: string };
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'ordered'; start: number; items: Inline[][] }
  | { kind: 'bullets'; items: Inline[][] };

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /\*\*([^*]+)\*\*|`([^`]+)`/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: 'bold', text: m[1] } : { kind: 'code', text: m[2] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const ordered = /^(\d+)[.)]\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (!line) {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3, content: parseInline(heading[2]) });
    } else if (ordered) {
      flush();
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'ordered') last.items.push(parseInline(ordered[2]));
      else blocks.push({ kind: 'ordered', start: Number(ordered[1]), items: [parseInline(ordered[2])] });
    } else if (bullet) {
      flush();
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'bullets') last.items.push(parseInline(bullet[1]));
      else blocks.push({ kind: 'bullets', items: [parseInline(bullet[1])] });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

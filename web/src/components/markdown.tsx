import { parseMarkdown, type Inline } from '../lib/markdown';

function Inlines({ content }: { content: Inline[] }) {
  return (
    <>
      {content.map((part, i) =>
        part.kind === 'bold' ? <strong key={i}>{part.text}</strong> : part.kind === 'code' ? <code key={i}>{part.text}</code> : part.text,
      )}
    </>
  );
}

/** Renders instructions (lib/markdown.ts subset); headings start at `baseLevel`. */
export function Markdown({ source, baseLevel = 3 }: { source: string; baseLevel?: number }) {
  const blocks = parseMarkdown(source);
  if (blocks.length === 0) return <p class="muted">No instructions.</p>;
  return (
    <div class="markdown">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            const Tag = `h${Math.min(6, baseLevel + b.level - 1)}` as 'h3';
            return <Tag key={i}><Inlines content={b.content} /></Tag>;
          }
          case 'paragraph':
            return <p key={i}><Inlines content={b.content} /></p>;
          case 'ordered':
            return (
              <ol key={i} start={b.start}>
                {b.items.map((it, j) => <li key={j}><Inlines content={it} /></li>)}
              </ol>
            );
          case 'bullets':
            return (
              <ul key={i}>
                {b.items.map((it, j) => <li key={j}><Inlines content={it} /></li>)}
              </ul>
            );
        }
      })}
    </div>
  );
}

import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { marked } from 'marked';

function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(marked.parse(source) as string);
}

export function ReleaseNotes({ notes }: { notes: string }) {
  const html = useMemo(() => renderMarkdown(notes), [notes]);
  return <article className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}

import { useState } from 'react';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export default function MarkdownEditor() {
  const [source, setSource] = useState('');
  const html = DOMPurify.sanitize(marked.parse(source));
  return (
    <div className="editor">
      <textarea value={source} onChange={(e) => setSource(e.target.value)} />
      <section className="preview" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}

// cwe: CWE-79
import { useState } from 'react';
import { marked } from 'marked';

export default function MarkdownEditor() {
  const [source, setSource] = useState('');
  const html = marked.parse(source);
  return (
    <div className="editor">
      <textarea value={source} onChange={(e) => setSource(e.target.value)} />
      <section className="preview" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}

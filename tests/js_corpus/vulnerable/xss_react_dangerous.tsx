// cwe: CWE-79
import React from 'react';

interface Comment { id: string; author: string; body: string }

export function CommentItem({ comment }: { comment: Comment }) {
  return (
    <li className="comment">
      <strong>{comment.author}</strong>
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: comment.body }} />
    </li>
  );
}

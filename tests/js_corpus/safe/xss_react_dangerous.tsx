import React from 'react';
import DOMPurify from 'dompurify';

interface Comment { id: string; author: string; body: string }

export function CommentItem({ comment }: { comment: Comment }) {
  const safeBody = DOMPurify.sanitize(comment.body);
  return (
    <li className="comment">
      <strong>{comment.author}</strong>
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: safeBody }} />
    </li>
  );
}

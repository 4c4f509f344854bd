// cwe: CWE-79
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';

export function SearchBanner() {
  const [searchParams] = useSearchParams();
  const ref = useRef<HTMLDivElement>(null);
  const term = searchParams.get('term') ?? '';

  useEffect(() => {
    if (ref.current) {
      ref.current.innerHTML = `Showing results for <strong>${term}</strong>`;
    }
  }, [term]);

  return <div ref={ref} className="banner" />;
}

import { useSearchParams } from 'react-router-dom';

export function SearchBanner() {
  const [searchParams] = useSearchParams();
  const term = searchParams.get('term') ?? '';

  return (
    <div className="banner">
      Showing results for <strong>{term}</strong>
    </div>
  );
}

import type { GetServerSideProps } from 'next';

function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)/.test(value) ? value : '/';
}

export const getServerSideProps: GetServerSideProps = async (context) => {
  const session = await getSession(context.req);
  const destination = localPath(context.query.callbackUrl);
  if (session) {
    return { redirect: { destination, permanent: false } };
  }
  return { props: {} };
};

export default function SignIn() {
  return <form method="post" action="/api/auth/signin" />;
}

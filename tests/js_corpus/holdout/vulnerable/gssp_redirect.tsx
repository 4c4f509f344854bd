// cwe: CWE-601
import type { GetServerSideProps } from 'next';

export const getServerSideProps: GetServerSideProps = async (context) => {
  const session = await getSession(context.req);
  const destination = context.query.callbackUrl as string;
  if (session) {
    return { redirect: { destination, permanent: false } };
  }
  return { props: {} };
};

export default function SignIn() {
  return <form method="post" action="/api/auth/signin" />;
}

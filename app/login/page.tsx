import type { Metadata } from 'next';
import { LoginPanel } from '@/components/auth/login-panel';
import { loginTarget } from '@/components/auth/login-target';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next, error } = await searchParams;
  return (
    <LoginPanel
      next={loginTarget(typeof next === 'string' ? next : null)}
      error={typeof error === 'string' ? error : null}
    />
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorsOf, setCsrfToken, unwrap } from '../api/client';
import { safeRedirect } from '../auth/session';
import { ErrorAlert } from '../components/Alert';
import { TextField } from '../components/Field';

export function SignIn({ redirect }: { redirect: string | undefined }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const queryClient = useQueryClient();
  const router = useRouter();

  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/sign-in', { body: { email, password } })),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(['session'], session);
      router.history.push(safeRedirect(redirect));
    },
  });
  const errors = fieldErrorsOf(signIn.error);
  const rateLimited = signIn.error instanceof ApiError && signIn.error.status === 429;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };

  return (
    <div className="auth-page">
      <main className="auth-card" id="main">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Prospector
        </div>
        <h1>Sign in</h1>
        <form onSubmit={submit} noValidate>
          {rateLimited ? (
            <div className="alert alert-error" role="alert">
              Too many attempts. Wait a minute, then try again.
            </div>
          ) : (
            <ErrorAlert error={signIn.error} fields={['email', 'password']} />
          )}
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
          <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}

import { Link } from '@tanstack/react-router';

export function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link to="/" className="button">
        Go home
      </Link>
    </div>
  );
}

export function NoAccess() {
  return (
    <div className="page">
      <h1>No access</h1>
      <p className="muted">Your roles do not include the permission this page needs. Ask an administrator.</p>
    </div>
  );
}

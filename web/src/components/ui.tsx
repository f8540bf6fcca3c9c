// Small building blocks shared by the pages: links that use the client
// router, labelled form fields with their server-side errors, alerts.

import type { ComponentChildren, JSX } from 'preact';
import { ApiError } from '../api/client';

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}

/** A label, the control (children, which must carry `id`), a hint and an error tied by aria-describedby. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? error.fieldErrors.length
        ? `${error.detail} (${error.fieldErrors.map((f) => `${f.pointer}: ${f.detail}`).join('; ')})`
        : error.detail
      : String(error);
  return (
    <div class="banner banner-error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="banner banner-info" role="status">
      {children}
    </div>
  );
}

export function fieldError(error: unknown, pointer: string): string | undefined {
  return error instanceof ApiError ? error.field(pointer) : undefined;
}

// Small building blocks shared by the pages: links that use the client
// router, labelled form fields with their server-side errors, alerts, and
// what keeps keyboard focus where the user is (a busy button that stays
// focusable, focus on the first field in error, focus on what replaces a
// form once it is done).

import { cloneElement, isValidElement, type ComponentChildren, type JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
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

/**
 * A label, the control (children, which must carry `id`), a hint and an
 * error tied by aria-describedby; a control in error is marked aria-invalid.
 */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const control = error && isValidElement(children) ? cloneElement(children, { 'aria-invalid': 'true' }) : children;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {control}
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

/** The error banner, naming the server's problem code too (a refusal says which rule refused). */
export function ProblemBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div>
      <ErrorBanner error={error} />
      {error instanceof ApiError && error.code && !error.code.startsWith('http_') && (
        <p class="muted problem-code">
          Server code: <code>{error.code}</code>
        </p>
      )}
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

/**
 * A form's submit button. While the form is sending it says so with
 * aria-disabled rather than `disabled`: a disabled button loses keyboard
 * focus (Chromium moves it to the page), an aria-disabled one keeps it, so
 * Tab goes on from where the user was. The form's handler ignores a submit
 * while busy (see `useSubmitGuard`).
 */
export function SubmitButton({ busy, children, ...rest }: { busy: boolean; children: ComponentChildren } & JSX.HTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="submit" {...rest} aria-disabled={busy ? 'true' : undefined}>
      {children}
    </button>
  );
}

/** The controls of `root` in error, in document order: fields marked aria-invalid and radio groups with an error. */
function controlsInError(root: ParentNode): HTMLElement[] {
  return Array.from(
    root.querySelectorAll<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby$="-error"] input:not([disabled])'),
  );
}

/**
 * Focus for a form whose checks (or the server) found errors: call the
 * returned `showErrors()` after setting them, and once they are drawn the
 * first control in error inside the form `ref` gets focus (its error is
 * tied to it by aria-describedby, so it is read out).
 */
export function useErrorFocus<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [attempt, setAttempt] = useState(0);
  // A layout effect: focus moves in the same frame the errors are drawn, before a key typed next lands elsewhere.
  useLayoutEffect(() => {
    if (!attempt || !ref.current) return;
    controlsInError(ref.current)[0]?.focus();
  }, [attempt]);
  return { ref, showErrors: () => setAttempt((n) => n + 1) };
}

/**
 * Moves focus, after the next render, to the element `find` returns (made
 * focusable with tabindex=-1 if it is not a control): for what replaces a
 * form or button that is gone once it is done, so focus does not fall back
 * to the top of the page.
 */
export function focusSoon(find: () => HTMLElement | null | undefined): void {
  setTimeout(() => {
    const el = find();
    if (!el) return;
    if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
    el.focus();
  }, 0);
}

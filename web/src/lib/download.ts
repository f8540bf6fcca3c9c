// Saving bytes fetched with the bearer token (exports, statements, the
// regulator CSV): a plain link cannot send the Authorization header, so the
// page fetches a Blob and hands the browser an object URL to save.

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download needs it a moment
}

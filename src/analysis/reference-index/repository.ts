/**
 * A repository address reduced to one comparable string, so `git+https://github.com/A/b.git`,
 * `github:a/b` and `https://github.com/a/b/tree/main/packages/c` are one repository. Known hosts go
 * through hosted-git-info (npm's own parser); anything else is lower-cased and stripped of scheme,
 * credentials, `.git` and trailing slashes.
 */
import hostedGitInfo from 'hosted-git-info';

export function normaliseRepository(raw: unknown): string | undefined {
  const url = typeof raw === 'string' ? raw : typeof raw === 'object' && raw !== null ? (raw as { url?: unknown }).url : undefined;
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > 500) return undefined;
  let hosted: ReturnType<typeof hostedGitInfo.fromUrl> | undefined;
  try {
    hosted = hostedGitInfo.fromUrl(trimmed);
  } catch {
    hosted = undefined;
  }
  if (hosted?.user && hosted.project) return `${hosted.type}:${hosted.user}/${hosted.project}`.toLowerCase();
  const plain = trimmed
    .toLowerCase()
    .replace(/^git\+/, '')
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return plain === '' ? undefined : plain;
}

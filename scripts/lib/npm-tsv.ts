/**
 * The tool library's package list (`packages/npm.tsv`: name, version, downloads a month, summary;
 * tab-separated, one header line), read once for every script that ranks names by downloads.
 */
export interface NpmTsvRow {
  name: string;
  version: string;
  downloadsPerMonth: number;
}

/** Rows with a name and a numeric download count, most downloaded first; ties by name, so output is stable. */
export function readNpmTsv(tsv: string): NpmTsvRow[] {
  const rows: NpmTsvRow[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const [name, version, downloads] = line.split('\t');
    const downloadsPerMonth = Number(downloads);
    if (name && Number.isFinite(downloadsPerMonth)) rows.push({ name, version: version ?? '', downloadsPerMonth });
  }
  return rows.sort((a, b) => b.downloadsPerMonth - a.downloadsPerMonth || a.name.localeCompare(b.name));
}

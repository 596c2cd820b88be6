/** Content types for common research file types, so downloads from a browser open sensibly. */
const types: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  nc: 'application/x-netcdf',
  parquet: 'application/vnd.apache.parquet',
};

/** The content type for a file name, or null to let the storage default apply. */
export function contentTypeFor(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot < name.lastIndexOf('/')) return null;
  return types[name.slice(dot + 1).toLowerCase()] ?? null;
}

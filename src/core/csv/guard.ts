// Spreadsheet formula guard (CSV injection). A cell that starts with = + - @, a tab or
// a carriage return would be run as a formula by Excel, LibreOffice or Google Sheets;
// the exporter neutralises it with a leading single quote, and the importer strips
// that quote again, so the round trip is exact:
//
//   guard("=1+1")   = "'=1+1"        unguard("'=1+1")  = "=1+1"
//   guard("-Acme")  = "'-Acme"       unguard("'-Acme") = "-Acme"
//   guard("'=x")    = "''=x"         unguard("''=x")   = "'=x"   (a value that itself looks guarded)
//   guard("'quote") = "'quote"       unguard("'quote") = "'quote" (nothing to strip)
//
// unguard(guard(v)) === v for every string v (a property test checks it).

const DANGEROUS = /^[=+\-@\t\r]/;
/** One or more quotes followed by a dangerous character: what guard() produces (or must protect). */
const GUARDED = /^'+[=+\-@\t\r]/;

export function needsGuard(value: string): boolean {
  return DANGEROUS.test(value) || GUARDED.test(value);
}

export function guard(value: string): string {
  return needsGuard(value) ? `'${value}` : value;
}

export function unguard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

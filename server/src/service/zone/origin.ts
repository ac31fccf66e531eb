// The origin of a file when the user gives none: its $ORIGIN, else an absolute SOA owner,
// else its file name (db.example.com, example.com.zone, example.com.db give example.com.).

const ORIGIN_LINE = /^\$ORIGIN[ \t]+([^\s;]+)/im;
const SOA_LINE = /^([^\s;$][^\s;]*\.)[ \t]+(?:[^\s;]+[ \t]+){0,2}SOA\b/im;

export function originFromPath(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop() ?? '';
  let name: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^db\.(.+)$/i.exec(base))) name = m[1];
  else if ((m = /^(.+)\.(zone|db|dns|hosts)$/i.exec(base))) name = m[1];
  if (!name) return undefined;
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(name)) return undefined;
  return name.endsWith('.') ? name : name + '.';
}

export function inferOrigin(text: string, path: string): string {
  const origin = ORIGIN_LINE.exec(text);
  if (origin && origin[1].endsWith('.')) return origin[1];
  const soa = SOA_LINE.exec(text);
  if (soa) return soa[1];
  return originFromPath(path) ?? '.';
}

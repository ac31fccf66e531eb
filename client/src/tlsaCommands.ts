// The TLSA commands of the editor: insert the TLSA record for a certificate at the end of a zone,
// and check an MX host's certificate against the zone's TLSA records over SMTP with STARTTLS. The
// user interface (pickers, prompts, the output channel, the edit) comes in as functions, so this
// logic runs without VS Code; client/src/extension.ts supplies them.
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { parseZone } from '../../server/src/service/zone/parser';
import { parseName, relativize } from '../../server/src/service/zone/names';
import type { ParsedZone } from '../../server/src/service/zone/types';
import {
  associationData,
  certificateHost,
  DEFAULT_TIMEOUT_MS,
  formatTlsaRecord,
  parseHostPort,
  readCertificates,
  SMTP_PORT,
  TlsaInputError,
  tlsaOwner,
  tlsaRecordsAt,
  verifyTlsa,
  type VerifyOptions,
  type VerifyOutcome,
} from '../../server/src/node/tlsa';

/** The zone document the command runs on. */
export interface ZoneDocument {
  text: string;
  /** File path, for the origin when the text does not state it (db.example.com, example.com.zone). */
  path?: string;
  /** The origin when known otherwise (a setting). */
  origin?: string;
  /** Name shown in reports. */
  label?: string;
}

export interface PickItem {
  label: string;
  description?: string;
  value: string;
}

export interface TlsaUi {
  /** Lets the user choose a certificate file; undefined when cancelled. */
  pickFile(title: string): Promise<string | undefined>;
  /** One item of a list; undefined when cancelled. */
  pick(items: PickItem[], placeholder: string): Promise<string | undefined>;
  /** A line of text; `validate` returns a message for a value that will not do. Undefined when cancelled. */
  input(prompt: string, placeholder: string, validate: (value: string) => string | undefined): Promise<string | undefined>;
  /** A yes/no question with the action's name on the yes button. */
  confirm(message: string, action: string): Promise<boolean>;
  /** Text for the output channel. */
  show(text: string): void;
  /** A message to the user: something went wrong, or there was nothing to do. */
  notify(kind: 'error' | 'info', message: string): void;
  /** Appends text at the end of the document; false when the edit failed. */
  insert(text: string): Promise<boolean>;
}

/** The choice after the MX hosts that asks for another host name. */
export const OTHER_HOST = '\u0000other';

export interface MxHost {
  /** Lower case, without the final dot. */
  host: string;
  preference: number;
  /** The MX record's owner (the mail domain). */
  domain: string;
}

function parse(doc: ZoneDocument): ParsedZone {
  return parseZone(doc.text, { path: doc.path, origin: doc.origin });
}

/** The MX targets of the document, lowest preference first, each once; the null MX left out. */
export function mxHosts(parsed: ParsedZone): MxHost[] {
  const found = new Map<string, MxHost>();
  for (const rec of parsed.records) {
    if (rec.type !== 'MX' || !rec.fields) continue;
    const exchange = rec.fields.find((f) => f.name === 'exchange')?.value;
    const preference = rec.fields.find((f) => f.name === 'preference')?.value;
    if (typeof exchange !== 'string' || exchange === '.' || typeof preference !== 'number') continue;
    const host = exchange.replace(/\.$/, '').toLowerCase();
    const known = found.get(host);
    if (!known || preference < known.preference) found.set(host, { host, preference, domain: rec.owner.toLowerCase() });
  }
  return [...found.values()].sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
}

/** The origin in effect at the end of the document's own text (after its last $ORIGIN). */
export function originAtEnd(parsed: ParsedZone): string {
  let origin = parsed.origin;
  for (const d of parsed.directives) {
    if (d.file !== 0 || d.name !== '$ORIGIN' || d.args.length === 0) continue;
    const n = parseName(d.args[0].text, origin);
    if (!n.error) origin = n.name;
  }
  return origin;
}

/** The TLSA record line for the end of the zone: owner relative to `origin` when inside it. */
export function tlsaLine(host: string, origin: string, hex: string, port = SMTP_PORT): string {
  const owner = tlsaOwner(port, host);
  const written = relativize(owner, origin);
  return formatTlsaRecord(written, 3, 1, 1, hex);
}

/** Text that appends `line` to `text` as a line of its own. */
export function appendedText(text: string, line: string): string {
  return `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

function hostItems(hosts: MxHost[], describe: (h: MxHost) => string | undefined): PickItem[] {
  return [
    ...hosts.map((h) => ({ label: h.host, description: [`MX ${h.preference} of ${h.domain}`, describe(h)].filter(Boolean).join(' · '), value: h.host })),
    { label: 'Another host…', description: `type HOST, or HOST:PORT for another port than ${SMTP_PORT}`, value: OTHER_HOST },
  ];
}

/** A host and the TCP port of its TLSA records: 25 for an MX host, or as typed. */
export interface HostChoice {
  host: string;
  port: number;
}

/**
 * A typed `HOST[:PORT]`, as `zonelint tlsa --verify` takes it: the choice, or a message that says
 * what is wrong. With `names` only host names will do (a TLSA record is published under a name).
 */
export function parseTypedHost(value: string, names: boolean): HostChoice | string {
  const v = value.trim();
  if (v === '') return `Type the MX host name, e.g. mx1.example.com, or mx1.example.com:587 for another port than ${SMTP_PORT}.`;
  const parsed = parseHostPort(v);
  if (!parsed) return `'${v}' is not HOST or HOST:PORT: type it like mx1.example.com or mx1.example.com:587 (port 1 to 65535${names ? '' : '; an IPv6 address as [ADDRESS]:PORT'}).`;
  if (names && isIP(parsed.host)) return `'${parsed.host}' is an address, but TLSA records are published under the MX host's name: type the name, e.g. mx1.example.com.`;
  return { host: parsed.host, port: parsed.port ?? SMTP_PORT };
}

/** Asks for an MX host: from the document's MX records (port 25), or typed as HOST[:PORT]. */
async function chooseHost(ui: TlsaUi, hosts: MxHost[], placeholder: string, namesOnly: boolean, describe: (h: MxHost) => string | undefined = () => undefined): Promise<HostChoice | undefined> {
  let choice: string | undefined = OTHER_HOST;
  if (hosts.length > 0) choice = await ui.pick(hostItems(hosts, describe), placeholder);
  if (choice === undefined) return undefined;
  if (choice !== OTHER_HOST) return { host: choice, port: SMTP_PORT };
  const portNote = `, and :PORT for another port than ${SMTP_PORT}`;
  const prompt = hosts.length ? `The MX host name${portNote}` : `This zone has no MX record: type the MX host name${portNote}`;
  const validate = (value: string) => {
    const r = parseTypedHost(value, namesOnly);
    return typeof r === 'string' ? r : undefined;
  };
  const typed = await ui.input(prompt, 'mx1.example.com or mx1.example.com:587', validate);
  if (typed === undefined) return undefined;
  const parsed = parseTypedHost(typed, namesOnly);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** A host with its port when that is not 25, for messages. */
function hostLabel(c: HostChoice): string {
  return c.port === SMTP_PORT ? c.host : `${c.host} port ${c.port}`;
}

export interface InsertDeps {
  readCertificates: (path: string) => X509Certificate[];
}

/**
 * "Insert TLSA record for certificate…": a certificate file, then an MX host (typed ones may say
 * another port than 25), then the record `_25._tcp.<host> IN TLSA 3 1 1 <digest of the public key>`
 * appended to the zone. Returns the inserted text, or undefined when nothing was inserted.
 */
export async function insertTlsaRecord(doc: ZoneDocument, ui: TlsaUi, deps: InsertDeps = { readCertificates }): Promise<string | undefined> {
  const file = await ui.pickFile('Certificate of the mail server (PEM or DER)');
  if (file === undefined) return undefined;
  let cert: X509Certificate;
  try {
    cert = deps.readCertificates(file)[0];
  } catch (e) {
    if (!(e instanceof TlsaInputError)) throw e;
    ui.notify('error', e.message);
    return undefined;
  }
  // A self-signed server certificate is often marked CA as well: only one naming no host is taken for a CA.
  if (cert.ca && !certificateHost(cert)) {
    const subject = cert.subject.split('\n').join(', ');
    if (!(await ui.confirm(`${subject} is a CA certificate, but a 3 1 1 record matches only the mail server's own certificate. Insert the record for it anyway?`, 'Insert anyway'))) return undefined;
  }
  const parsed = parse(doc);
  const namedIn = (h: MxHost) => (cert.checkHost(h.host, { subject: 'default', partialWildcards: false }) ? 'named in the certificate' : undefined);
  const hosts = mxHosts(parsed);
  // The hosts the certificate is for come first.
  hosts.sort((a, b) => Number(!namedIn(a)) - Number(!namedIn(b)));
  const choice = await chooseHost(ui, hosts, 'MX host that presents this certificate', true, namedIn);
  if (choice === undefined) return undefined;
  const hex = associationData(cert, 1, 1).toString('hex');
  const owner = tlsaOwner(choice.port, choice.host);
  const existing = tlsaRecordsAt(parsed, owner).find((r) => r.usage === 3 && r.selector === 1 && r.matchingType === 1 && r.data?.toLowerCase() === hex);
  if (existing) {
    ui.notify('info', `The zone already has this record (${existing.where}): TLSA 3 1 1 for ${hostLabel(choice)} with this certificate's key. Nothing inserted.`);
    return undefined;
  }
  const text = appendedText(doc.text, tlsaLine(choice.host, originAtEnd(parsed), hex, choice.port));
  if (!(await ui.insert(text))) {
    ui.notify('error', 'The TLSA record could not be inserted: the document changed or is read-only. Run the command again.');
    return undefined;
  }
  return text;
}

export interface VerifyDeps {
  verify: (options: VerifyOptions) => Promise<VerifyOutcome>;
  timeoutMs?: number;
}

/**
 * "Verify TLSA records of an MX host…": an MX host (port 25; typed ones may say another port, as
 * `zonelint tlsa --verify HOST:PORT` does), the user's consent to connect to it, then the report in
 * the output channel. Returns the outcome, or undefined when cancelled.
 */
export async function verifyMxHostTlsa(doc: ZoneDocument, ui: TlsaUi, deps: VerifyDeps = { verify: verifyTlsa }): Promise<VerifyOutcome | undefined> {
  const parsed = parse(doc);
  const choice = await chooseHost(ui, mxHosts(parsed), 'MX host to connect to and check', false);
  if (choice === undefined) return undefined;
  const { host, port } = choice;
  const owner = tlsaOwner(port, host);
  const label = doc.label ?? doc.path ?? 'this zone';
  parsed.files[0].path = label;
  const records = tlsaRecordsAt(parsed, owner);
  const lookUp = isIP(host) ? '' : ` look up ${host},`;
  const ok = await ui.confirm(
    `Connect to ${host} port ${port} (SMTP) now? Zonelint will${lookUp} connect, say EHLO and STARTTLS, read the certificate chain and check it against the ${records.length} TLSA record${records.length === 1 ? '' : 's'} at ${owner} in this zone. Nothing else is sent; no mail.`,
    'Connect',
  );
  if (!ok) return undefined;
  ui.show(`Checking the TLSA records of ${host} (port ${port})…`);
  const outcome = await deps.verify({ host, port, records, zoneLabel: label, timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if (outcome.report) ui.show(outcome.report);
  if (outcome.error) {
    ui.show(outcome.error);
    ui.notify('error', outcome.error);
  } else {
    const who = hostLabel(choice);
    ui.notify(outcome.exitCode === 0 ? 'info' : 'error', outcome.exitCode === 0 ? `A TLSA record of ${who} matches its certificate; the report is in the Zonelint output.` : `The TLSA check of ${who} failed; the Zonelint output says why and what to publish.`);
  }
  return outcome;
}

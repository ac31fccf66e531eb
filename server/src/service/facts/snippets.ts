// Sets of records that mail setups need together, as completion offers them at the start of a
// line. RDATA is in LSP snippet syntax (${n:default} is a placeholder the user tabs through);
// {{domain}} is the origin without its final dot, {{dashed}} the same with dots turned to dashes.

export interface SnippetRecord {
  /** Owner relative to the origin in effect at the cursor; '@' is that origin. */
  owner: string;
  type: string;
  rdata: string;
}

export interface RecordSetSnippet {
  label: string;
  /** One line shown beside the label. */
  detail: string;
  /** Markdown: what the set does and what the user must fill in. */
  documentation: string;
  records: readonly SnippetRecord[];
}

export const MAIL_RECORD_SETS: readonly RecordSetSnippet[] = [
  {
    label: 'Microsoft 365 mail records',
    detail: 'MX, SPF, DKIM selector1/selector2 CNAMEs, DMARC',
    documentation: [
      'Mail for the domain delivered to Exchange Online, sent with SPF and DKIM aligned so that DMARC passes at Gmail, Yahoo and the rest.',
      '',
      '- MX target: the domain with dots turned to dashes under `mail.protection.outlook.com`. For a domain that already has dashes, copy the value the Microsoft 365 admin center shows.',
      '- DKIM: replace `tenant` with the tenant\'s `onmicrosoft.com` name, then enable DKIM signing for the domain in the Defender portal. Domains added recently get targets under `dkim.mail.microsoft`: copy those from the portal.',
      '- DMARC starts at `p=none` to collect reports; move to `quarantine`, then `reject`, once the reports show only your own senders.',
      '- Add every other service that sends as the domain to the SPF record (one SPF record per name).',
    ].join('\n'),
    records: [
      { owner: '@', type: 'MX', rdata: '0 ${1:{{dashed}}}.mail.protection.outlook.com.' },
      { owner: '@', type: 'TXT', rdata: '"v=spf1 include:spf.protection.outlook.com -all"' },
      { owner: 'selector1._domainkey', type: 'CNAME', rdata: 'selector1-${1:{{dashed}}}._domainkey.${2:tenant}.onmicrosoft.com.' },
      { owner: 'selector2._domainkey', type: 'CNAME', rdata: 'selector2-${1:{{dashed}}}._domainkey.${2:tenant}.onmicrosoft.com.' },
      { owner: '_dmarc', type: 'TXT', rdata: '"v=DMARC1; p=none; rua=mailto:${3:dmarc-reports}@{{domain}}"' },
    ],
  },
  {
    label: 'Google Workspace mail records',
    detail: 'MX smtp.google.com, SPF, DKIM key, DMARC',
    documentation: [
      'Mail for the domain delivered to Gmail, sent with SPF and DKIM aligned so that DMARC passes.',
      '',
      '- MX: `1 smtp.google.com.` is the single MX Google gives new setups; older domains may keep the `aspmx.l.google.com` set.',
      '- DKIM: generate the key in the Admin console (Apps, Google Workspace, Gmail, Authenticate email) and paste it after `p=`. A 2048-bit key is longer than 255 characters: split it into several quoted strings inside the parentheses.',
      '- SPF ends in `~all` as Google advises; use `-all` once every sender is listed.',
      '- DMARC starts at `p=none` to collect reports; tighten it once the reports look right.',
    ].join('\n'),
    records: [
      { owner: '@', type: 'MX', rdata: '1 smtp.google.com.' },
      { owner: '@', type: 'TXT', rdata: '"v=spf1 include:_spf.google.com ~all"' },
      { owner: 'google._domainkey', type: 'TXT', rdata: '( "v=DKIM1; k=rsa; " "p=${1:key-from-admin-console}" )' },
      { owner: '_dmarc', type: 'TXT', rdata: '"v=DMARC1; p=none; rua=mailto:${2:dmarc-reports}@{{domain}}"' },
    ],
  },
  {
    label: 'Parked domain (sends and receives no mail)',
    detail: 'null MX, SPF -all, DMARC p=reject, revoked DKIM',
    documentation: [
      'Tells every receiver that the domain neither receives nor sends mail, so forged mail in its name is refused.',
      '',
      '- Null MX `0 .` (RFC 7505): senders fail mail to the domain at once instead of retrying for days.',
      '- `v=spf1 -all`: no host may send as the domain.',
      '- DMARC `p=reject`: receivers refuse mail claiming to be from it.',
      '- `*._domainkey` with an empty `p=`: every DKIM selector is revoked, so no signature for the domain verifies.',
    ].join('\n'),
    records: [
      { owner: '@', type: 'MX', rdata: '0 .' },
      { owner: '@', type: 'TXT', rdata: '"v=spf1 -all"' },
      { owner: '_dmarc', type: 'TXT', rdata: '"v=DMARC1; p=reject;"' },
      { owner: '*._domainkey', type: 'TXT', rdata: '"v=DKIM1; p="' },
    ],
  },
];

// A zone of a few thousand lines that mixes what the editor features treat differently: owners
// written once and again later, multi-line records in parentheses, comment blocks, blank lines
// and directives. Long enough for the parser's checkpoints (every 512 lines).
export function mixedZone(seed: number, lines = 3000): string {
  let state = seed;
  const rand = (n: number) => ((state = (state * 1103515245 + 12345) % 2147483648) % n);
  const out = ['$ORIGIN example.com.', '$TTL 3600', '@ IN SOA ns1 hostmaster (', '  1 7200 3600 1209600 300 )', '@ NS ns1', 'ns1 A 192.0.2.1'];
  let owner = 0;
  while (out.length < lines) {
    switch (rand(9)) {
      case 0:
        for (let k = rand(4) + 1; k > 0; k--) out.push(`; note ${out.length}`);
        break;
      case 1:
        out.push('');
        break;
      case 2:
        out.push(`h${owner} IN TXT ( "v=spf1"`, `  " -all" ) ; split`);
        break;
      case 3:
        // An owner seen before comes back.
        out.push(`h${rand(owner + 1)} IN A 192.0.2.${rand(250) + 1}`);
        break;
      case 4:
        if (rand(5) === 0) out.push(`$TTL ${300 + rand(3000)}`);
        else out.push(` IN AAAA 2001:db8::${rand(9999)}`);
        break;
      default:
        owner++;
        out.push(`h${owner} IN A 192.0.2.${rand(250) + 1}`);
        if (rand(2)) out.push(`h${owner} IN MX 10 mail`);
    }
  }
  return out.join('\n') + '\n';
}

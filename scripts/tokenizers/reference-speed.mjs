// Authoring script (not run by CI): encode speed of Hugging Face's Rust tokenizers (Node bindings) on the
// suites/core .pd corpus, for comparison with scripts/tokenizers/encode-speed.cs. Run it in the scratch
// folder prepared as described in make-fixtures.mjs:  node <repo>/scripts/tokenizers/reference-speed.mjs <repo>
import { createRequire } from 'module';
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

const repo = process.argv[2];
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { Tokenizer } = require('@anush008/tokenizers');
const dir = path.join(repo, 'suites/core/items');
const files = readdirSync(dir).filter(f => f.endsWith('.pd')).sort().map(f => readFileSync(path.join(dir, f), 'utf8'));
const bytes = files.reduce((a, f) => a + Buffer.byteLength(f), 0);
for (const name of ['gpt2', 'llama3', 'qwen3', 'gpt4o', 'llama2']) {
  const t = Tokenizer.fromFile(`${name}/package/models/tokenizer.json`);
  for (const f of files) await t.encode(f, null, { addSpecialTokens: false });
  const start = process.hrtime.bigint();
  for (let p = 0; p < 5; p++) for (const f of files) await t.encode(f, null, { addSpecialTokens: false });
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${name}: Hugging Face tokenizers (Rust via Node) ${(bytes * 5 / 1e6 / s).toFixed(1)} MB/s`);
}

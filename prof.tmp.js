const {generateScript} = require('./out/bench/core.js');
const {parse} = require('./out/shared/core/parse.js');
const {validate} = require('./out/shared/core/check.js');
const t = generateScript(100000);
for (let i=0;i<5;i++){ const t0=Date.now(); validate(parse(t)); console.log(Date.now()-t0); }

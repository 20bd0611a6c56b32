const pad = require('tiny-pad');
console.log(`[${pad('42', 6)}]`);

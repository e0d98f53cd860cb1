import { benchGatewayXml } from './gateway.js';
for (let i = 0; i < 2; i++) {
const r = await benchGatewayXml();
console.log(r.rows.map(x => `${x.label}=${x.value.toFixed(1)}`).join(' | '), r.ratio.toFixed(3));
}

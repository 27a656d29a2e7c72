// Human shipment references such as TT-7K3F9Q: no 0/O, 1/I/L or U, so they read aloud and type cleanly.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newShipmentReference(random: (n: number) => number = (n) => Math.floor(Math.random() * n)): string {
  let out = "TT-";
  for (let i = 0; i < 6; i++) out += ALPHABET[random(ALPHABET.length)];
  return out;
}

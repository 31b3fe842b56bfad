// Verification-key helpers shared by the fixture tools and the tests.
"use strict";
const { keccak256, concat, toBeHex, zeroPadValue } = require("ethers");

// snarkjs G2 point [[x.re, x.im], [y.re, y.im], ...] -> EIP-197 order [x.im, x.re, y.im, y.re].
function g2Words(p) {
  return [p[0][1], p[0][0], p[1][1], p[1][0]].map(BigInt);
}

/// The words hashed by IGroth16Verifier.verificationKeyHash(), in order:
/// alpha.x, alpha.y, beta(4), gamma(4), delta(4), IC[0].x, IC[0].y, ..., IC[n].x, IC[n].y.
function vkWords(vk) {
  if (vk.protocol !== "groth16" || vk.curve !== "bn128") throw new Error("not a groth16/bn128 verification key");
  if (vk.IC.length !== vk.nPublic + 1) throw new Error("IC length does not match nPublic");
  return [
    BigInt(vk.vk_alpha_1[0]), BigInt(vk.vk_alpha_1[1]),
    ...g2Words(vk.vk_beta_2), ...g2Words(vk.vk_gamma_2), ...g2Words(vk.vk_delta_2),
    ...vk.IC.flatMap((p) => [BigInt(p[0]), BigInt(p[1])]),
  ];
}

function vkHash(vk) {
  return keccak256(concat(vkWords(vk).map((w) => zeroPadValue(toBeHex(w), 32))));
}

module.exports = { g2Words, vkWords, vkHash };

/**
 * Elementary functions for the engine and the numerics under it (src/math): stdlib's
 * JavaScript ports of FreeBSD's msun, built from IEEE-754 basic operations only. Math.pow,
 * Math.exp and friends are left to each JavaScript engine and differ in the last bit
 * between V8 versions (Node's and Chromium's), which would make the page and the command
 * line disagree; these give the same bits everywhere. Math.sqrt is exact (correctly
 * rounded) in every engine and is used as it is.
 */
export { default as exp } from "@stdlib/math-base-special-exp";
export { default as expm1 } from "@stdlib/math-base-special-expm1";
export { default as log1p } from "@stdlib/math-base-special-log1p";
export { default as ln } from "@stdlib/math-base-special-ln";
export { default as pow } from "@stdlib/math-base-special-pow";

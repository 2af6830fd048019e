import { setFlagsFromString } from 'node:v8';

// V8 optimises a function once it has run about 66 KB of bytecode; a cold scan of a 657-package
// tree then sent about 1,500 functions to TurboFan, whose compiles (5 s of the helper threads' CPU on
// 2 cores) competed with the scan itself for the cores. Eight times that budget optimises only the
// functions that stay hot (about 640 compiles): over six interleaved cold scans, median CPU
// 29.7 -> 27.9 s and wall 17.5 -> 16.9 s; warm scans 1.37 -> 1.24 s CPU at the same wall time.
// Flags are process-wide, so the detector threads follow. Imported by bin/spamcheck.js before it
// compiles the bundle, since V8 checks a code cache against the flags it was written under.
//
// Tried since, on the same tree (interleaved cold scans, 2026-12-06): budgets of 16 and 32 times the
// default were slower (CPU +0.5 to +2 s); --max-inlined-bytecode-size-cumulative=460 and
// --no-turbo-inlining were within the noise; --single-threaded-gc stopped the process with SIGTRAP;
// --max-semi-space-size=32 (the main thread's young generation) was 2-3 % faster but put peak RSS
// at 464-495 MB against 440-448, too near the 500 MB target; --maglev (V8 11.3) and budgets of 4 and
// 6 times the default were within the noise over seven and nine pairs. --expose-gc, with the main
// thread asking gc({ type: 'major', execution: 'async' }) whenever its ArrayBuffers passed 96 MB
// (most of them dead, promoted while in flight): peak RSS on a 597-package tree without platform
// builds 487-504 -> 417-432 MB at the same CPU, but on the bench's tree three such requests cost
// 2.5-6 s of CPU (a forced collection also drops compiled code), so it was left out.
export const V8_FLAGS = '--interrupt-budget=540672';
setFlagsFromString(V8_FLAGS);

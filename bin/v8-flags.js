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
// at 464-495 MB against 440-448, too near the 500 MB target.
export const V8_FLAGS = '--interrupt-budget=540672';
setFlagsFromString(V8_FLAGS);

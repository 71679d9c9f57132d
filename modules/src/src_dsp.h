/* SPDX-License-Identifier: MIT */
/*
 * SRC: sample-rate conversion by 160/147 (44.1 -> 48 kHz, also 88.2 -> 96 and
 * 176.4 -> 192) and 147/160 (the other way), streaming, any block size.
 *
 * Polyphase FIR: conceptually upsample by L, low-pass, keep every M-th
 * sample. Output m sits at time m * M / L input periods; with q = floor(m M
 * / L) and phase p = m M - q L it is
 *     y[m] = sum_k x[q - k] * h[p + k L],  k = 0 .. 63.
 * h is a Kaiser-windowed sinc prototype at L * fs_in (7.056 MHz for 44.1/48)
 * with its cutoff at half the lower rate, generated offline by
 * tools/gen_src_coefs.py into src_coefs.h (Q2.30, 64 taps per phase, each
 * phase normalised to DC gain 1, half the phases stored since phase L-1-p
 * is phase p reversed; 39 KiB for both directions). Passband ripple
 * +-0.001 dB to 20 kHz; stopband from 24.1 kHz below -92 dB (L = 160) and
 * -81 dB (L = 147); group delay 32 input frames. Content between 20 and
 * 22.05 kHz may alias onto that same band.
 *
 * The position is kept as an integer phase (0 .. L-1 in 1/L input periods),
 * so the long-run ratio is exactly L/M: after n input frames from reset the
 * converter has produced exactly floor((n L - 1) / M) + 1 output frames once
 * enough output space was given, however the input was split into blocks,
 * and the samples do not depend on the split either.
 *
 * Arithmetic: history in Q1.31, products summed exactly in a 64-bit Q3.61
 * accumulator (sum |h| per phase < 2.9), rounded once to the output format.
 * Quality, measured with a 1 kHz sine at -6 dBFS (tests): the output
 * frequency is the input's within 2e-5 Hz, the gain 1 within 3e-5; SNR
 * 88.7 dB for S16 either way (the 16-bit quantisation of input and output),
 * 110 dB for 44.1 -> 48 kHz and 97 dB for 48 -> 44.1 kHz in S24/S32 (the
 * residual images of the prototypes).
 *
 * Cost per output frame and channel: 64 multiply-accumulates.
 */
#ifndef MODULES_SRC_SRC_DSP_H
#define MODULES_SRC_SRC_DSP_H

#include <stdint.h>

#include <sotto/pcm.h>

#define SRC_DSP_TAPS 64 /* taps per phase = input frames of history */

struct src_dsp {
	uint32_t in_rate, out_rate;
	uint32_t up, down; /* L and M */
	uint32_t pos;	   /* next output's phase after the newest input; >= L: needs input */
	uint32_t w;	   /* hist index of the oldest frame, 0 .. TAPS-1 */
	unsigned int channels;
	/* Last TAPS input frames per channel, Q1.31, stored twice (at i and
	 * i + TAPS) so that the window hist[c][w .. w + TAPS-1] is contiguous. */
	int32_t hist[SOT_PCM_MAX_CHANNELS][2 * SRC_DSP_TAPS];
};

/*
 * Convert @channels channels (1..8) from @in_rate to @out_rate: the pair must
 * be in the ratio 147:160 or 160:147 (44100/48000 either way, or those times
 * 2 or 4). Starts from silence. Returns 0 or -EINVAL.
 */
int src_dsp_init(struct src_dsp *sd, uint32_t in_rate, uint32_t out_rate, unsigned int channels);

/* Back to the state after init: silent history, phase 0 (stream restart). */
void src_dsp_reset(struct src_dsp *sd);

/*
 * Consume up to @in_frames frames from @in and produce up to @out_frames
 * frames into @out, both in @fmt with the channel count given at init; stops
 * when the input is used up or the output is full. *@in_used and *@out_made
 * get the counts; frames not consumed must be offered again. @in and @out
 * must not overlap. Returns 0, or -EINVAL for a bad format (nothing done).
 */
int src_dsp_process(struct src_dsp *sd, const void *in, uint32_t in_frames, uint32_t *in_used,
		    void *out, uint32_t out_frames, uint32_t *out_made, enum sot_pcm_format fmt);

#endif /* MODULES_SRC_SRC_DSP_H */

/* SPDX-License-Identifier: MIT */
/*
 * The system call fuzzer: see user_fuzz.h. Only the SDK may be called here
 * (kernel headers give constants only), and nothing may live outside the
 * stack: the fuzzer's domain maps no data of the test image.
 */
#include <stdbool.h>

#include <sotto/sotto.h>

#include "kernel/errno.h"
#include "kernel/object.h"
#include "test/user/user_fuzz.h"

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define LOG_MAX	       128  /* sys_log prints at most this many bytes */
#define STATS_SIZE     16   /* struct sot_thread_stats */
#define STACK_IN_USE   1024 /* bytes below sp the fuzzer may still need */
#define TIMEOUT_MAX_US 200  /* blocking calls give up after this at most */
#define BAD_NR_ONE_IN  1024 /* a number past the table ends the run (contained) */
#define EXIT_ONE_IN    256  /* thread_exit is drawn, then kept once in this many times */
#define LOG_ONE_IN     2    /* sys_log prints: draw it half as often as the others */

/* How an argument is drawn. */
enum shape {
	S_WORD,	  /* anything */
	S_PTR,	  /* an address, mostly an interesting one */
	S_LEN,	  /* a length */
	S_HANDLE, /* a handle value */
	S_TMO_LO, /* a short timeout in microseconds ... */
	S_TMO_HI, /* ... whose high word is 0 */
	S_CODE,	  /* an exit code */
	S_MSGLEN, /* a message length, mostly a queue's message size */
	S_FIRST,  /* a timer's first expiry in microseconds (low word) ... */
	S_ZERO,	  /* ... and a high word that is mostly 0 */
	S_PERIOD, /* a timer period in microseconds */
};

struct sys_shape {
	uint8_t known; /* the fuzzer calls only the system calls it has an oracle for */
	uint8_t type;  /* KOBJ_* its handle in a0 names, KOBJ_NONE if none */
	uint8_t a[6];
};

#define SHAPE(name, ...)	[SOT_SYS_NR(name)] = {1, KOBJ_NONE, {__VA_ARGS__}}
#define HSHAPE(name, type, ...) [SOT_SYS_NR(name)] = {1, type, {S_HANDLE, __VA_ARGS__}}

static const struct sys_shape shapes[SOT_SYS_COUNT] = {
	SHAPE(null),
	SHAPE(thread_exit, S_CODE),
	SHAPE(yield),
	SHAPE(sleep_us, S_TMO_LO, S_TMO_HI),
	SHAPE(log, S_PTR, S_LEN),
	SHAPE(thread_stats, S_PTR),
	HSHAPE(sem_take, KOBJ_SEM, S_TMO_LO, S_TMO_HI),
	HSHAPE(sem_give, KOBJ_SEM),
	HSHAPE(mutex_lock, KOBJ_MUTEX, S_TMO_LO, S_TMO_HI),
	HSHAPE(mutex_unlock, KOBJ_MUTEX),
	SHAPE(futex_wait, S_PTR, S_WORD, S_TMO_LO, S_TMO_HI),
	SHAPE(futex_wake, S_PTR, S_WORD),
	SHAPE(handle_revoke, S_HANDLE),
	HSHAPE(msgq_send, KOBJ_MSGQ, S_PTR, S_MSGLEN, S_TMO_LO, S_TMO_HI),
	HSHAPE(msgq_recv, KOBJ_MSGQ, S_PTR, S_MSGLEN, S_TMO_LO, S_TMO_HI),
	HSHAPE(timer_start, KOBJ_TIMER, S_FIRST, S_ZERO, S_PERIOD),
	HSHAPE(timer_stop, KOBJ_TIMER),
	HSHAPE(timer_wait, KOBJ_TIMER, S_TMO_LO, S_TMO_HI),
};

static const uint32_t bad_numbers[] = {SOT_SYS_COUNT, 0x100, 0x7fffffff, 0x80000000, 0xffffffff};
static const uint32_t lengths[] = {0,	1,   3,	  4,	15,	    16,		17,
				   127, 128, 129, 4096, 0x7fffffff, 0x80000000, 0xffffffff};
/* What a successful sys_log prints when the memory it was given would print unreadable bytes. */
static const char printable[LOG_MAX] = "fuzz: a line from user memory";

static const uint32_t odd_handles[] = {0, 0xffffffff, 0x7fffffff, 0x80000000, 0x7fff, 0x8000};

/* The fuzzer's whole state, on its stack. */
struct fz {
	const struct fuzz_config *cfg;
	uint32_t key, ctr; /* counter-mode PRNG */
	uint32_t call;
	uint32_t units[FUZZ_MAX_OBJS];	/* semaphore: units; mutex: lock depth; queue: messages */
	uint8_t settled[FUZZ_MAX_OBJS]; /* timer: stopped with nothing counted (waits return 0) */
	uint8_t live[FUZZ_MAX_HANDLES];
	struct fuzz_stats stats;
};

/*
 * What a call must return: @v, or @alt where two answers are right, or any
 * value >= 0 if @any_count (a count that depends on time); @rule names the check.
 */
struct expect {
	int32_t v, alt;
	uint32_t rule;
	bool any_count;
};

#define EXPECT(val)	     ((struct expect){(val), (val), __LINE__, false})
#define EXPECT2(val, other)  ((struct expect){(val), (other), __LINE__, false})
#define EXPECT_COUNT_OR(val) ((struct expect){(val), (val), __LINE__, true})
#define NO_RETURN	     INT32_MIN /* never returns: thread_exit, a bad number */

/* A 32-bit integer hash (lowbias32): the PRNG is a hashed counter. */
static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static uint32_t rnd(struct fz *z)
{
	z->ctr += 0x9e3779b9u;
	return mix(z->ctr ^ z->key);
}

static uint32_t below(struct fz *z, uint32_t n)
{
	return n ? rnd(z) % n : 0;
}

static uint32_t gen_ptr(struct fz *z)
{
	const struct fuzz_config *c = z->cfg;
	const struct fuzz_part *p;
	uint32_t r = below(z, 16);

	if (r == 0)
		return rnd(z);
	if (r < 5)
		return c->addrs[below(z, c->naddrs)] + (below(z, 2) ? 0 : below(z, 64) - 32);
	p = &c->parts[below(z, c->nparts)];
	switch (below(z, 6)) {
	case 0:
		return p->start - 1 - below(z, 16); /* just below */
	case 1:
		return p->start + p->size - below(z, 17); /* at and just below the end */
	case 2:
		return p->start + p->size + below(z, 16); /* just past */
	case 3:
		return p->start + (below(z, p->size) & ~3u);
	case 4:
		return p->start + below(z, p->size);
	default:
		return p->start;
	}
}

static uint32_t gen_len(struct fz *z)
{
	switch (below(z, 4)) {
	case 0:
		return rnd(z);
	case 1:
		return below(z, 256);
	default:
		return lengths[below(z, ARRAY_SIZE(lengths))];
	}
}

static uint32_t gen_handle(struct fz *z)
{
	const struct fuzz_config *c = z->cfg;
	uint32_t h = (uint32_t)c->handles[below(z, c->nhandles)].value;

	switch (below(z, 8)) {
	case 0:
		return h + 0x100u; /* the next generation of its slot */
	case 1:
		return h - 0x100u;
	case 2:
		return below(z, 0x400);
	case 3:
		return odd_handles[below(z, ARRAY_SIZE(odd_handles))];
	case 4:
		return rnd(z);
	default:
		return h;
	}
}

static uint32_t gen_word(struct fz *z)
{
	switch (below(z, 6)) {
	case 0:
		return gen_ptr(z);
	case 1:
		return gen_handle(z);
	case 2:
		return below(z, 64);
	case 3:
		return gen_len(z);
	case 4:
		return 0;
	default:
		return rnd(z);
	}
}

static uint32_t gen_arg(struct fz *z, enum shape s)
{
	uint32_t code;

	switch (s) {
	case S_PTR:
		return below(z, 8) ? gen_ptr(z) : gen_word(z);
	case S_LEN:
		return gen_len(z);
	case S_HANDLE:
		return below(z, 8) ? gen_handle(z) : gen_word(z);
	case S_TMO_LO:
		switch (below(z, 8)) {
		case 0:
			return 1;
		case 1:
			return below(z, TIMEOUT_MAX_US);
		default:
			return 0; /* TIMEOUT_NO_WAIT */
		}
	case S_TMO_HI:
		return 0;
	case S_CODE:
		code = rnd(z);
		/* Keep the exit codes the kernel test reads as verdicts for the fuzzer. */
		return code == FUZZ_EXIT_DONE || code == FUZZ_EXIT_VIOLATION ? code ^ 0x10000u
									     : code;
	case S_MSGLEN:
		if (below(z, 4)) {
			uint32_t i = below(z, z->cfg->nobjs);

			for (uint32_t k = 0; k < z->cfg->nobjs; k++, i = (i + 1) % z->cfg->nobjs)
				if (z->cfg->objs[i].size)
					return z->cfg->objs[i].size;
		}
		return gen_len(z);
	case S_FIRST:
		switch (below(z, 4)) {
		case 0:
			return 0;
		case 1:
			return rnd(z);
		default:
			return below(z, 2 * TIMEOUT_MAX_US);
		}
	case S_ZERO:
		return below(z, 16) ? 0 : rnd(z);
	case S_PERIOD:
		switch (below(z, 4)) {
		case 0:
			return 100 + below(z, 1000);
		case 1:
			return below(z, 100);
		case 2:
			return rnd(z);
		default:
			return 0;
		}
	default:
		return gen_word(z);
	}
}

static uint32_t gen_nr(struct fz *z)
{
	uint32_t nr;

	if (below(z, BAD_NR_ONE_IN) == 0) {
		uint32_t r = below(z, ARRAY_SIZE(bad_numbers) + 1);

		return r < ARRAY_SIZE(bad_numbers) ? bad_numbers[r]
						   : SOT_SYS_COUNT + below(z, 1024);
	}
	for (;;) {
		nr = below(z, SOT_SYS_COUNT);
		if (!shapes[nr].known)
			continue;
		if (nr == SOT_SYS_NR(thread_exit) && below(z, EXIT_ONE_IN))
			continue;
		if (nr == SOT_SYS_NR(log) && below(z, LOG_ONE_IN))
			continue;
		return nr;
	}
}

/* True if the domain grants @access on all of [@va, @va + @len) (as domain_can_access()). */
static bool reachable(const struct fz *z, uint32_t va, uint32_t len, uint32_t access)
{
	const struct fuzz_config *c = z->cfg;

	if (!len)
		return true;
	if (va + len < va)
		return false;
	while (len) {
		const struct fuzz_part *hit = NULL;
		uint32_t chunk;

		for (uint32_t i = 0; i < c->nparts && !hit; i++)
			if (va - c->parts[i].start < c->parts[i].size)
				hit = &c->parts[i];
		if (!hit || (hit->access & access) != access)
			return false;
		chunk = hit->start + hit->size - va;
		if (chunk >= len)
			return true;
		va += chunk;
		len -= chunk;
	}
	return true;
}

static uint32_t sp_now(void)
{
	uint32_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

static bool overlaps(uint32_t va, uint32_t len, uint32_t lo, uint32_t hi)
{
	return va < hi && va + len > lo;
}

/* A write of @len bytes at @va the kernel would do into a stack in use (its own, the sibling's). */
static bool hits_live_stack(const struct fz *z, uint32_t va, uint32_t len)
{
	const struct fuzz_config *c = z->cfg;

	return reachable(z, va, len, FUZZ_W) &&
	       (overlaps(va, len, sp_now() - STACK_IN_USE, c->stack_hi) ||
		overlaps(va, len, c->protect_lo, c->protect_hi));
}

/* True if sys_log would print only readable text from [@va, @va + @len) (already checked). */
static bool prints_readable(uint32_t va, uint32_t len)
{
	const volatile char *p = (const volatile char *)va;

	for (uint32_t i = 0; i < len && p[i]; i++)
		if (p[i] < ' ' || p[i] > '~')
			return false;
	return true;
}

/* One of the handles (live or not) of an object of @type, or a random handle. */
static uint32_t gen_typed_handle(struct fz *z, uint32_t type)
{
	const struct fuzz_config *c = z->cfg;
	uint32_t i = below(z, c->nhandles);

	for (uint32_t k = 0; k < c->nhandles; k++, i = (i + 1) % c->nhandles)
		if (c->handles[i].live && c->objs[c->handles[i].obj].type == type)
			return (uint32_t)c->handles[i].value;
	return gen_handle(z);
}

static void gen_args(struct fz *z, uint32_t nr, uint32_t *a)
{
	const uint8_t *s = nr < SOT_SYS_COUNT ? shapes[nr].a : NULL;

	for (int i = 0; i < 6; i++)
		a[i] = s && below(z, 16) ? gen_arg(z, (enum shape)s[i]) : rnd(z);
	/* Half the time the handle is one made for the call (right type, maybe not the right). */
	if (s && shapes[nr].type != KOBJ_NONE && below(z, 2))
		a[0] = gen_typed_handle(z, shapes[nr].type);
	/* Bad pointers only get an error; a good one into the live stack would be a real write. */
	if (nr == SOT_SYS_NR(thread_stats) && hits_live_stack(z, a[0], STATS_SIZE))
		a[0] = z->cfg->report;
	if (nr == SOT_SYS_NR(msgq_recv) && hits_live_stack(z, a[1], a[2]))
		a[1] = z->cfg->report;
	/* The console is for people: readable lines only (the kernel copies the same either way). */
	if (nr == SOT_SYS_NR(log)) {
		uint32_t n = a[1] < LOG_MAX ? a[1] : LOG_MAX;

		if (reachable(z, a[0], n, FUZZ_R) && !prints_readable(a[0], n))
			a[0] = (uint32_t)(uintptr_t)printable;
	}
	/* Blocking calls must come back: short timeouts even when the shape was ignored. */
	for (int i = 0; s && i < 6; i++)
		if (s[i] == S_TMO_LO)
			a[i] %= TIMEOUT_MAX_US;
		else if (s[i] == S_TMO_HI)
			a[i] = 0;
}

/* The live handle @value names, or -1. */
static int find_handle(const struct fz *z, uint32_t value)
{
	for (uint32_t i = 0; i < z->cfg->nhandles; i++)
		if (z->live[i] && (uint32_t)z->cfg->handles[i].value == value)
			return (int)i;
	return -1;
}

/* Checks of a handle argument in kernel order; *@obj is its object when they pass. */
static struct expect handle_check(const struct fz *z, uint32_t value, uint32_t type, uint32_t right,
				  int *obj)
{
	int i = find_handle(z, value);
	const struct fuzz_handle *h;

	*obj = -1;
	if (i < 0)
		return EXPECT(-EBADF);
	h = &z->cfg->handles[i];
	if (z->cfg->objs[h->obj].type != type)
		return EXPECT(-EINVAL);
	if ((h->rights & right) != right)
		return EXPECT(-EACCES);
	*obj = h->obj;
	return EXPECT(0);
}

/* What call @nr with @a must return, given everything the fuzzer knows before making it. */
static struct expect predict(const struct fz *z, uint32_t nr, const uint32_t *a)
{
	struct expect e;
	uint32_t n;
	int obj;

	switch (nr) {
	case SOT_SYS_NR(null):
	case SOT_SYS_NR(yield):
	case SOT_SYS_NR(sleep_us):
		return EXPECT(0);
	case SOT_SYS_NR(log):
		n = a[1] < LOG_MAX ? a[1] : LOG_MAX;
		if (!reachable(z, a[0], n, FUZZ_R))
			return EXPECT(-EFAULT);
		return EXPECT2((int32_t)n, -EAGAIN); /* or rate limited */
	case SOT_SYS_NR(thread_stats):
		return reachable(z, a[0], STATS_SIZE, FUZZ_W) ? EXPECT(0) : EXPECT(-EFAULT);
	case SOT_SYS_NR(futex_wait):
		if (a[0] & 3u || !reachable(z, a[0], 4, FUZZ_R | FUZZ_W))
			return EXPECT(-EFAULT);
		if (*(volatile uint32_t *)a[0] != a[1])
			return EXPECT(-EAGAIN);
		return EXPECT(-ETIMEDOUT); /* nobody else wakes the fuzzer's words */
	case SOT_SYS_NR(futex_wake):
		if (a[0] & 3u || !reachable(z, a[0], 4, FUZZ_R | FUZZ_W))
			return EXPECT(-EFAULT);
		return EXPECT(0);
	case SOT_SYS_NR(sem_take):
		e = handle_check(z, a[0], KOBJ_SEM, RIGHT_WAIT, &obj);
		if (obj >= 0 && z->cfg->objs[obj].shared)
			return EXPECT2(0, -ETIMEDOUT);
		if (obj >= 0 && !z->units[obj])
			return EXPECT(-ETIMEDOUT);
		return e;
	case SOT_SYS_NR(sem_give):
		e = handle_check(z, a[0], KOBJ_SEM, RIGHT_SIGNAL, &obj);
		if (obj >= 0 && z->cfg->objs[obj].shared)
			return EXPECT2(0, -EOVERFLOW);
		if (obj >= 0 && z->units[obj] == z->cfg->objs[obj].limit)
			return EXPECT(-EOVERFLOW);
		return e;
	case SOT_SYS_NR(mutex_lock):
		return handle_check(z, a[0], KOBJ_MUTEX, RIGHT_WAIT, &obj);
	case SOT_SYS_NR(mutex_unlock):
		e = handle_check(z, a[0], KOBJ_MUTEX, RIGHT_SIGNAL, &obj);
		if (obj >= 0 && !z->units[obj])
			return EXPECT(-EPERM);
		return e;
	case SOT_SYS_NR(handle_revoke):
		return find_handle(z, a[0]) < 0 ? EXPECT(-EBADF) : EXPECT(0);
	case SOT_SYS_NR(msgq_send):
	case SOT_SYS_NR(msgq_recv): {
		bool send = nr == SOT_SYS_NR(msgq_send);

		e = handle_check(z, a[0], KOBJ_MSGQ, send ? RIGHT_WRITE : RIGHT_READ, &obj);
		if (obj < 0)
			return e;
		if (a[2] != z->cfg->objs[obj].size)
			return EXPECT(-EINVAL);
		if (!reachable(z, a[1], a[2], send ? FUZZ_R : FUZZ_W))
			return EXPECT(-EFAULT);
		if (send ? z->units[obj] == z->cfg->objs[obj].limit : !z->units[obj])
			return EXPECT(-ETIMEDOUT);
		return EXPECT(0);
	}
	case SOT_SYS_NR(timer_start):
		e = handle_check(z, a[0], KOBJ_TIMER, RIGHT_WRITE, &obj);
		if (obj >= 0 &&
		    (a[2] > 0x14 || (a[2] == 0x14 && a[1] > 0x1dd76000u) || (a[3] && a[3] < 100)))
			return EXPECT(-EINVAL); /* first past a day, or a period under 100 us */
		return e;
	case SOT_SYS_NR(timer_stop):
		return handle_check(z, a[0], KOBJ_TIMER, RIGHT_WRITE, &obj);
	case SOT_SYS_NR(timer_wait):
		e = handle_check(z, a[0], KOBJ_TIMER, RIGHT_WAIT, &obj);
		if (obj >= 0 && z->settled[obj] == 0)
			return EXPECT_COUNT_OR(-ETIMEDOUT); /* how often it expired meanwhile */
		if (obj >= 0 && z->settled[obj] == 2)
			return EXPECT_COUNT_OR(0); /* stopped: what it counted before, at once */
		return e;
	default: /* thread_exit and numbers past the table */
		return EXPECT(NO_RETURN);
	}
}

/* Follow what a call that returned @rc >= 0 changed. */
static void update(struct fz *z, uint32_t nr, const uint32_t *a, int32_t rc)
{
	int i = find_handle(z, a[0]);
	uint8_t obj = i >= 0 ? z->cfg->handles[i].obj : 0;

	if (rc && nr != SOT_SYS_NR(timer_wait))
		return;
	switch (nr) {
	case SOT_SYS_NR(sem_take):
	case SOT_SYS_NR(mutex_unlock):
	case SOT_SYS_NR(msgq_recv):
		z->units[obj]--;
		break;
	case SOT_SYS_NR(sem_give):
	case SOT_SYS_NR(mutex_lock):
	case SOT_SYS_NR(msgq_send):
		z->units[obj]++;
		break;
	case SOT_SYS_NR(timer_start):
		z->settled[obj] = 0;
		break;
	case SOT_SYS_NR(timer_stop):
		z->settled[obj] = 2; /* stopped: settled once a wait took what was counted */
		break;
	case SOT_SYS_NR(timer_wait):
		if (z->settled[obj] == 2)
			z->settled[obj] = 1;
		break;
	case SOT_SYS_NR(handle_revoke):
		z->live[i] = 0;
		break;
	default:
		break;
	}
}

static uint32_t slot(uint32_t nr)
{
	return nr < FUZZ_NR_SLOTS - 1 ? nr : FUZZ_NR_SLOTS - 1;
}

/* Copy the statistics out (word by word: no memcpy in user code). */
static void flush_stats(const struct fz *z)
{
	volatile struct fuzz_stats *out = (volatile struct fuzz_stats *)z->cfg->stats;

	for (int i = 0; i < FUZZ_NR_SLOTS; i++) {
		out->calls[i] = z->stats.calls[i];
		out->ok[i] = z->stats.ok[i];
	}
}

static void violation(const struct fz *z, uint32_t nr, const uint32_t *a, int32_t rc,
		      struct expect e)
{
	volatile struct fuzz_violation *v = (volatile struct fuzz_violation *)z->cfg->report;

	v->call = z->call;
	v->nr = nr;
	for (int i = 0; i < 6; i++)
		v->a[i] = a[i];
	v->rc = rc;
	v->want = e.v;
	v->rule = e.rule;
	flush_stats(z);
	sot_exit(FUZZ_EXIT_VIOLATION);
}

void uf_sibling(uintptr_t handle)
{
	while (sot_sem_take((int)handle, SOT_TIMEOUT_FOREVER) != -EINTR)
		;
	sot_exit(FUZZ_EXIT_RAN_ON);
}

void uf_run(uintptr_t config)
{
	struct fz z;

	z.cfg = (const struct fuzz_config *)config;
	z.key = mix(z.cfg->seed ^ 0x5bd1e995u);
	z.ctr = z.cfg->seed;
	for (uint32_t i = 0; i < FUZZ_MAX_OBJS; i++) {
		z.units[i] = i < z.cfg->nobjs ? z.cfg->objs[i].count : 0;
		z.settled[i] = 1; /* timers start stopped */
	}
	for (uint32_t i = 0; i < FUZZ_MAX_HANDLES; i++)
		z.live[i] = i < z.cfg->nhandles && z.cfg->handles[i].live;
	for (uint32_t i = 0; i < FUZZ_NR_SLOTS; i++)
		z.stats.calls[i] = z.stats.ok[i] = 0;
	for (z.call = 0; z.call < z.cfg->max_calls; z.call++) {
		uint32_t a[6], nr = gen_nr(&z);
		struct expect e;
		int32_t rc;

		gen_args(&z, nr, a);
		e = predict(&z, nr, a);
		z.stats.calls[slot(nr)]++;
		if (e.v == NO_RETURN)
			flush_stats(&z);
		rc = (int32_t)sot_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (rc != e.v && rc != e.alt && !(e.any_count && rc >= 0))
			violation(&z, nr, a, rc, e);
		if (rc >= 0) {
			z.stats.ok[slot(nr)]++;
			update(&z, nr, a, rc);
		}
	}
	flush_stats(&z);
	sot_exit(FUZZ_EXIT_DONE);
}

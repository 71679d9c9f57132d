/* SPDX-License-Identifier: MIT */
/*
 * The system call fuzzer, kernel half (the fuzzer is test/user/user_fuzz.c).
 * Runs of seeded random system calls, each in a fresh domain with fresh
 * objects and a sibling thread blocked on a semaphore the fuzzer shares,
 * while a thread of another domain keeps running. A run ends when
 * it made its calls, when it drew thread_exit, or when it drew a bad system
 * call number and was contained; the next run takes the next seed, until
 * fuzz_params.calls calls were made. The fuzzer checks every result itself
 * and exits with a report when one is wrong; here the kernel must stay up,
 * contain nothing but bad numbers, and leak nothing, run after run.
 *
 * Each run's seed is printed before it starts; to replay that run alone:
 *   make fuzz FUZZ_SEED=<seed> FUZZ_SEEDS=1
 */
#include <stdio.h>
#include <string.h>

#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/fault.h"
#include "kernel/ktimer.h"
#include "kernel/mm.h"
#include "kernel/msgq.h"
#include "kernel/mutex.h"
#include "kernel/sem.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "test/harness/ktest.h"
#include "test/harness/utest.h"
#include "test/kernel/leak_check.h"
#include "test/kernel/test_fuzz.h"
#include "test/user/user_fuzz.h"
#include "test/user/user_hostile.h"

#define MAIN_PRIO     16
#define SIBLING_PRIO  (MAIN_PRIO + 1) /* wakes up inside the fuzzer's sem_give() */
#define FUZZ_PRIO     (MAIN_PRIO + 2) /* shares its level with the bystander */
#define CALLS_PER_RUN 4096
#define RUN_LIMIT_US  10000000 /* a run still going after this much virtual time is stuck */
#define STACK_SIZE    8192
#define SCRATCH_PAGES 3	 /* the fuzzer maps the first and the last: the middle one is a hole */
#define OTHER_SLOT    19 /* the bystander's handle: a slot the fuzzer's domain leaves empty */
#define FUZZ_MSG_SIZE 24 /* the run's message queue: bytes per message ... */
#define FUZZ_MSGS     3	 /* ... and capacity */

/* The bystander's counter (test/user/user_hostile.c), as the kernel sees it. */
#define BYSTANDER (((struct hostile_shared *)utest_k(&hostile_shared))->bystander[1])

/* The smoke run of the test image (make test); sotto-fuzz.elf sets its own. */
struct fuzz_params fuzz_params = {.calls = 20000, .seed = 1, .seeds = 0};

/* Load addresses from the linker script. */
extern char __text_start[], __data_start[];
extern char __uimg_text_start[], __uimg_text_end[], __uimg_ro_start[], __uimg_ro_end[];
extern char __uimg_rw_start[];

enum run_end { RUN_DONE, RUN_EXITED, RUN_CONTAINED, RUN_ENDS };

static struct {
	struct domain d; /* the current run's */
	struct thread *sibling;
	struct domain other; /* the bystander's, for the whole test */
	struct thread *bystander;
	struct sem *other_sem;
	int other_handle;
	paddr_t cfg_pa, scratch_pa;
	void *kbuf;
	struct kobj *objs[FUZZ_MAX_OBJS]; /* the current run's objects, as in its config */
	bool owned[FUZZ_MAX_OBJS];	  /* created for the run: put at its end */
	unsigned int nobjs;
	struct leak_snap before;
	struct fuzz_stats total; /* over all runs */
} fz;

static struct fuzz_config *cfg(void)
{
	return (struct fuzz_config *)fz.cfg_pa;
}

static uint32_t access_of(uint32_t attr)
{
	return (attr & MEM_R ? FUZZ_R : 0) | (attr & MEM_W ? FUZZ_W : 0);
}

/* Map [@pa, @pa + @size) into the run's domain and tell the fuzzer. */
static void add_part(paddr_t pa, size_t size, uint32_t attr)
{
	struct fuzz_config *c = cfg();

	KT_ASSERT_EQ(domain_add_partition(&fz.d, pa, size, attr | MEM_USER), 0);
	c->parts[c->nparts++] = (struct fuzz_part){domain_va(pa), size, access_of(attr)};
}

/* Tell the fuzzer about @t's stack, a partition of the run's domain. */
static void add_part_of_stack(const struct thread *t)
{
	struct fuzz_config *c = cfg();

	c->parts[c->nparts++] = (struct fuzz_part){domain_va(t->ustack + t->ustack_guard),
						   t->ustack_size, FUZZ_R | FUZZ_W};
}

/* Hand @o (with @count units of @limit) to the run; @owned: its reference is the run's. */
static unsigned int add_obj(struct kobj *o, uint32_t count, uint32_t limit, bool owned)
{
	struct fuzz_config *c = cfg();

	KT_ASSERT(o != NULL);
	fz.objs[fz.nobjs] = o;
	fz.owned[fz.nobjs++] = owned;
	c->objs[c->nobjs] = (struct fuzz_obj){o->type, count, limit, 0, 0};
	return c->nobjs++;
}

static int add_handle(unsigned int obj, uint32_t rights)
{
	struct fuzz_config *c = cfg();
	int h = obj_grant(&fz.d, fz.objs[obj], rights);

	KT_ASSERT_GT(h, 0);
	c->handles[c->nhandles++] = (struct fuzz_handle){h, 1, (uint8_t)obj, (uint8_t)rights};
	return h;
}

static void add_dead_handle(int value)
{
	struct fuzz_config *c = cfg();

	c->handles[c->nhandles++] = (struct fuzz_handle){.value = value};
}

static void add_addr(uint32_t va)
{
	struct fuzz_config *c = cfg();

	c->addrs[c->naddrs++] = va;
}

/* The run's domain, objects and handles (what the fuzzer's oracle knows, exactly). */
static void run_init(void)
{
	struct fuzz_config *c = cfg();
	struct sem *sem;
	struct mutex *mutex;
	struct msgq *msgq;
	struct ktimer *timer;
	unsigned int s0, s1, s2, m, self, q, tm;
	int stale, shared;

	/*
	 * On an MPU board a partition mapped read-only for user code is
	 * read-only for the kernel too while its domain is current
	 * (docs/mpu.md): write the config page with no user space loaded.
	 */
	arch_as_switch(NULL);
	memset(c, 0, sizeof(*c));
	memset((void *)fz.scratch_pa, 0, SCRATCH_PAGES * PAGE_SIZE);
	KT_ASSERT_EQ(domain_init(&fz.d, "fuzz"), 0);
	fz.d.fault_on_bad_pointer = false;
	add_part((paddr_t)__uimg_text_start, __uimg_text_end - __uimg_text_start, MEM_RX);
	add_part((paddr_t)__uimg_ro_start, __uimg_ro_end - __uimg_ro_start, MEM_R);
	add_part(fz.cfg_pa, PAGE_SIZE, MEM_R);
	add_part(fz.scratch_pa, PAGE_SIZE, MEM_RW);
	add_part(fz.scratch_pa + (SCRATCH_PAGES - 1) * PAGE_SIZE, PAGE_SIZE, MEM_RW);
	c->report = domain_va(fz.scratch_pa);
	c->stats = c->report + PAGE_SIZE / 2;

	sem = sem_create(1, 3);
	KT_ASSERT(sem != NULL);
	s0 = add_obj(&sem->obj, 1, 3, true);
	sem = sem_create(0, 1);
	KT_ASSERT(sem != NULL);
	s1 = add_obj(&sem->obj, 0, 1, true);
	sem = sem_create(0, 1000);
	KT_ASSERT(sem != NULL);
	s2 = add_obj(&sem->obj, 0, 1000, true);
	c->objs[s2].shared = 1;
	mutex = mutex_create();
	KT_ASSERT(mutex != NULL);
	m = add_obj(&mutex->obj, 0, 0, true);
	KT_ASSERT_EQ(msgq_create(&msgq, FUZZ_MSG_SIZE, FUZZ_MSGS), 0);
	q = add_obj(&msgq->obj, 0, FUZZ_MSGS, true);
	c->objs[q].size = FUZZ_MSG_SIZE;
	KT_ASSERT_EQ(ktimer_create(&timer), 0);
	tm = add_obj(&timer->obj, 0, 0, true);
	self = add_obj(&thread_current()->obj, 0, 0, false);
	stale = obj_grant(&fz.d, fz.objs[s0], RIGHT_ALL);
	KT_ASSERT_EQ(obj_revoke(&fz.d, stale), 0);
	add_dead_handle(stale);
	add_dead_handle(fz.other_handle);
	add_handle(s0, RIGHT_ALL);
	add_handle(s0, RIGHT_WAIT);
	add_handle(s1, RIGHT_SIGNAL);
	add_handle(s1, RIGHT_ALL);
	add_handle(m, RIGHT_ALL);
	add_handle(m, RIGHT_WAIT);
	add_handle(m, RIGHT_SIGNAL);
	add_handle(self, RIGHT_ALL);
	add_handle(q, RIGHT_ALL);
	add_handle(q, RIGHT_READ);
	add_handle(q, RIGHT_WRITE);
	add_handle(tm, RIGHT_ALL);
	add_handle(tm, RIGHT_WAIT);
	shared = add_handle(s2, RIGHT_ALL);

	/* More urgent than the fuzzer: it runs first and blocks on the shared semaphore. */
	KT_ASSERT_EQ(thread_create_user(&fz.sibling, "sibling", &fz.d, utest_entry(uf_sibling),
					(uintptr_t)shared, STACK_SIZE, SIBLING_PRIO),
		     0);
	add_part_of_stack(fz.sibling);
	c->protect_hi = c->parts[c->nparts - 1].start + c->parts[c->nparts - 1].size;
	c->protect_lo = c->protect_hi - 1024;
}

/* Addresses no access of the fuzzer may reach; @t is the fuzzer. */
static void add_addrs(const struct thread *t)
{
	uint32_t here;

	add_addr((uint32_t)(uintptr_t)sys_bad_number);	/* kernel text */
	add_addr((uint32_t)(uintptr_t)&kheap);		/* kernel data */
	add_addr((uint32_t)(uintptr_t)fz.kbuf);		/* kernel heap */
	add_addr((uint32_t)(uintptr_t)&here);		/* main's kernel stack */
	add_addr((uint32_t)t->kstack);			/* its own kernel stack */
	add_addr(0xf0000000u);				/* device window */
	add_addr(0xffff0000u);				/* high vectors */
	add_addr(0x40000000u);				/* start of the kernel's RAM */
	add_addr(0xfffff000u);				/* last page */
	add_addr(0x1000u);				/* first page after page 0 */
	add_addr(0x08000000u);				/* a user window hole */
	add_addr(0x3ffff000u);				/* top of the user window */
	add_addr(domain_va((paddr_t)__text_start));	/* kernel via the user window */
	add_addr(domain_va((paddr_t)__data_start));	/* the same, kernel data */
	add_addr(domain_va((paddr_t)__uimg_rw_start));	/* the tests' shared data */
	add_addr(domain_va(t->ustack));			/* its stack guard */
	add_addr(domain_va(fz.scratch_pa + PAGE_SIZE)); /* the hole between its pages */
	add_addr(domain_va(fz.bystander->ustack +
			   fz.bystander->ustack_guard)); /* another domain's */
}

/*
 * End the sibling (killed where it blocks, unless the fuzzer's containment
 * did that already), then give the run's objects back; the domain goes
 * first (its handles hold references). Returns the sibling's exit code.
 */
static int run_fini(void)
{
	int code = 0;

	if (fz.sibling) {
		thread_kill_domain(&fz.d, -EINTR);
		thread_join(fz.sibling, &code, TIMEOUT_FOREVER);
		fz.sibling = NULL;
	}
	arch_as_switch(NULL);
	if (fz.d.as)
		domain_deinit(&fz.d);
	memset(&fz.d, 0, sizeof(fz.d));
	while (fz.nobjs--)
		if (fz.owned[fz.nobjs])
			kobj_put(fz.objs[fz.nobjs]);
	fz.nobjs = 0;
	return code;
}

/* Add the run's statistics (its scratch page, as it left it) to the totals. */
static void add_stats(void)
{
	const struct fuzz_stats *st = (const struct fuzz_stats *)(fz.scratch_pa + PAGE_SIZE / 2);

	for (int i = 0; i < FUZZ_NR_SLOTS; i++) {
		fz.total.calls[i] += st->calls[i];
		fz.total.ok[i] += st->ok[i];
	}
}

static void print_stats(void)
{
	printf("fuzz: calls (ok) by number:");
	for (int i = 0; i < FUZZ_NR_SLOTS; i++)
		if (fz.total.calls[i])
			printf(" %s%d %lu (%lu)", i == FUZZ_NR_SLOTS - 1 ? ">=" : "", i,
			       (unsigned long)fz.total.calls[i], (unsigned long)fz.total.ok[i]);
	printf("\n");
}

static void fail_violation(uint32_t seed)
{
	const struct fuzz_violation *v = (const struct fuzz_violation *)fz.scratch_pa;

	printf("fuzz: seed 0x%08lx call %lu: nr %lu (%lx %lx %lx %lx %lx %lx) returned %ld, want "
	       "%ld "
	       "(test/user/user_fuzz.c:%lu)\n",
	       (unsigned long)seed, (unsigned long)v->call, (unsigned long)v->nr,
	       (unsigned long)v->a[0], (unsigned long)v->a[1], (unsigned long)v->a[2],
	       (unsigned long)v->a[3], (unsigned long)v->a[4], (unsigned long)v->a[5], (long)v->rc,
	       (long)v->want, (unsigned long)v->rule);
	KT_FAIL("the fuzzer's oracle failed, seed 0x%08lx", (unsigned long)seed);
}

/* A run must give back everything it took: the first thing that differs fails, naming @seed. */
static void check_run_leaks(uint32_t seed, const struct leak_snap *before)
{
	struct leak_snap now;

	leak_snap(&now);
	for (unsigned int i = 0; i < KOBJ_TYPE_COUNT; i++)
		if (now.live[i] != before->live[i])
			KT_FAIL("fuzz: seed 0x%08lx leaked objects of type %u: %u, were %u",
				(unsigned long)seed, i, now.live[i], before->live[i]);
	if (now.heap.allocs != before->heap.allocs || now.heap.used != before->heap.used)
		KT_FAIL("fuzz: seed 0x%08lx leaked kernel heap: %lu blocks of %lu bytes, were %lu "
			"of %lu",
			(unsigned long)seed, (unsigned long)now.heap.allocs,
			(unsigned long)now.heap.used, (unsigned long)before->heap.allocs,
			(unsigned long)before->heap.used);
	if (now.pages.free != before->pages.free)
		KT_FAIL("fuzz: seed 0x%08lx leaked pages: %lu free, were %lu", (unsigned long)seed,
			(unsigned long)now.pages.free, (unsigned long)before->pages.free);
}

/* One run of up to @max_calls calls from @seed; *@calls is how many system calls it made. */
static enum run_end run_one(uint32_t seed, uint32_t max_calls, uint32_t *calls)
{
	unsigned int contained = fault_contained_count();
	const struct fault_info *fi = fault_last_contained();
	struct thread *t = NULL;
	struct leak_snap before;
	enum run_end end;
	int code = 0;

	leak_snap(&before);
	run_init();
	KT_ASSERT_EQ(thread_create_user(&t, "fuzz", &fz.d, utest_entry(uf_run),
					domain_va(fz.cfg_pa), STACK_SIZE, FUZZ_PRIO),
		     0);
	add_part_of_stack(t);
	cfg()->stack_lo = domain_va(t->ustack + t->ustack_guard);
	cfg()->stack_hi = cfg()->stack_lo + t->ustack_size;
	add_addrs(t);
	cfg()->seed = seed;
	cfg()->max_calls = max_calls;
	kobj_get(&t->obj); /* its system call count stays readable after the join */
	printf("fuzz: seed 0x%08lx\n", (unsigned long)seed);
	if (thread_join(t, &code, RUN_LIMIT_US)) {
		thread_kill_domain(&fz.d, -EINTR);
		thread_join(t, NULL, TIMEOUT_FOREVER);
		kobj_put(&t->obj);
		KT_FAIL("fuzz: seed 0x%08lx did not end: stuck in a call", (unsigned long)seed);
	}
	*calls = t->nsyscalls;
	kobj_put(&t->obj);
	add_stats();
	if (fault_contained_count() != contained) {
		if (fault_contained_count() - contained != 1 || fi->kind != FAULT_KIND_SYSCALL ||
		    fi->cls != FAULT_BAD_SYSCALL)
			KT_FAIL("fuzz: seed 0x%08lx: contained for %s, %s at %lx",
				(unsigned long)seed, fault_kind_name(fi->kind),
				fault_class_name(fi->cls), (unsigned long)fi->addr);
		if (code != -EFAULT)
			KT_FAIL("fuzz: seed 0x%08lx: contained, but ran on and ended with %d (%#x)",
				(unsigned long)seed, code, (unsigned int)code);
		end = RUN_CONTAINED;
	} else if (code == FUZZ_EXIT_VIOLATION) {
		fail_violation(seed);
	} else if (code == FUZZ_EXIT_DONE) {
		KT_ASSERT_EQ(*calls, max_calls + 1); /* and its sot_exit() */
		end = RUN_DONE;
	} else {
		end = RUN_EXITED;
	}
	if (run_fini() == FUZZ_EXIT_RAN_ON)
		KT_FAIL("fuzz: seed 0x%08lx: the sibling, killed while blocked, came back to user "
			"mode (hostile_regress.contained_thread_escaped_after_switch)",
			(unsigned long)seed);
	check_run_leaks(seed, &before);
	return end;
}

static void setup(void)
{
	memset(&fz, 0, sizeof(fz));
	leak_snap(&fz.before);
	if (utest_domain_init(&fz.other, "bystander"))
		KT_SKIP("test programs cannot be mapped on this board");
	fz.cfg_pa = mm_page_alloc(1, 1);
	fz.scratch_pa = mm_page_alloc(SCRATCH_PAGES, 1);
	fz.kbuf = kmalloc(64);
	fz.other_sem = sem_create(0, 1);
	KT_ASSERT(fz.cfg_pa && fz.scratch_pa && fz.kbuf && fz.other_sem);
	for (int i = 0; i <= OTHER_SLOT; i++)
		fz.other_handle = obj_grant(&fz.other, &fz.other_sem->obj, RIGHT_ALL);
	KT_ASSERT_EQ(fz.other_handle & 0xff, OTHER_SLOT);
}

static void teardown(void)
{
	run_fini();
	if (fz.bystander) {
		thread_kill_domain(&fz.other, -EINTR);
		thread_join(fz.bystander, NULL, TIMEOUT_FOREVER);
		fz.bystander = NULL;
	}
	arch_as_switch(NULL);
	if (fz.other.as)
		domain_deinit(&fz.other);
	memset(&fz.other, 0, sizeof(fz.other));
	if (fz.other_sem)
		kobj_put(&fz.other_sem->obj);
	fz.other_sem = NULL;
	kfree(fz.kbuf);
	fz.kbuf = NULL;
	if (fz.cfg_pa)
		mm_page_free(fz.cfg_pa, 1);
	if (fz.scratch_pa)
		mm_page_free(fz.scratch_pa, SCRATCH_PAGES);
	fz.cfg_pa = fz.scratch_pa = 0;
}
KTEST_SUITE(fuzz, setup, teardown);

KTEST(fuzz, random_syscalls)
{
	static const char *const ends[RUN_ENDS] = {"ran out", "exited", "contained"};
	unsigned int runs = 0, count[RUN_ENDS] = {0};
	uint64_t total = 0, start = arch_counter();
	uint32_t seen;
	int code = 0;

	printf("fuzz: %lu calls from seed 0x%08lx (replay one run: make fuzz FUZZ_SEED=<seed> "
	       "FUZZ_SEEDS=1)\n",
	       (unsigned long)fuzz_params.calls, (unsigned long)fuzz_params.seed);
	BYSTANDER = 0;
	fz.bystander = utest_start(&fz.other, "bystander", uh_bystander, 1, FUZZ_PRIO);
	while (total < fuzz_params.calls && (!fuzz_params.seeds || runs < fuzz_params.seeds)) {
		uint64_t left = fuzz_params.calls - total;
		uint32_t calls = 0;

		count[run_one(fuzz_params.seed + runs,
			      left < CALLS_PER_RUN ? (uint32_t)left : CALLS_PER_RUN, &calls)]++;
		total += calls;
		runs++;
	}
	/* The other domain kept running, and still does. */
	seen = BYSTANDER;
	KT_ASSERT_GT(seen, 0);
	thread_sleep_us(2000);
	KT_ASSERT_GT(BYSTANDER, seen);
	KT_ASSERT(fz.bystander->state != THREAD_DEAD);
	thread_kill_domain(&fz.other, -EINTR);
	KT_ASSERT_EQ(thread_join(fz.bystander, &code, TIMEOUT_FOREVER), 0);
	fz.bystander = NULL;
	KT_ASSERT_EQ(code, -EINTR); /* killed, and it stayed dead */
	printf("fuzz: %llu calls in %u runs (", (unsigned long long)total, runs);
	for (int i = 0; i < RUN_ENDS; i++)
		printf("%s%u %s", i ? ", " : "", count[i], ends[i]);
	printf("), %llu ms of virtual time\n",
	       (unsigned long long)timer_cycles_to_us(arch_counter() - start) / 1000);
	print_stats();
	teardown();
	leak_assert_same(&fz.before);
}

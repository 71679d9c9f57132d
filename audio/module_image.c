/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "audio/mod_pool.h"
#include "audio/mod_recovery.h"
#include "audio/mod_syscalls.h"
#include "audio/module_adapter.h"
#include "audio/module_image.h"
#include "audio/pipeline.h"
#include "kernel/arch.h"
#include "kernel/domain.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/timer.h"
#include "kernel/upcall.h"

/* Load addresses of one image's pieces (the linker's __umod_table). */
struct umod_image {
	uint32_t text_start, text_end, ro_start, ro_end, rw_start, rw_end;
};
extern const struct umod_image __umod_table_start[], __umod_table_end[];

#define UMOD_MAX	16
#define NAME_MAX_LEN	16
#define DOM_HEAP_BYTES	(64u * 1024u)	/* call blocks, configuration scratch, the batch */
#define TYPE_HEAP_BYTES (64u * 1024u)	/* default private heap of a type */
#define TYPE_HEAP_MAX	(1024u * 1024u) /* the largest private heap a descriptor may ask for */
#define STACK_BYTES	PAGE_SIZE
#define DOM_MAPS	24 /* buffers mapped into one domain at once */

/*
 * Budgets, in arch_cycles() (instructions under -icount). LL: two ticks
 * (the tick overruns, the rest of the pipelines lose two).
 */
#define BUDGET_CTL (50u * 1000u * 1000u)
#define BUDGET_LL  (2u * 1000u * 1000u)
#define BUDGET_DP  (20u * 1000u * 1000u)

struct mod_dom {
	struct domain d;
	bool up;
	struct mutex ctl; /* control operations share the control stack and scratch */
	struct mod_pool heap;
	paddr_t heap_pa;
	struct upcall_stack ctl_stack, ll_stack;
	uint8_t *scratch; /* MOD_CFG_MAX bytes */
	struct sot_batch *batch;
	struct {
		paddr_t pa;
		size_t size;
		uint32_t refs;
	} maps[DOM_MAPS];
};

struct mod_itype {
	struct sot_module_desc desc; /* the checked copy the kernel uses; ops NULL */
	char name[NAME_MAX_LEN];
	vaddr_t entry, batch; /* in the image: only ever upcalled */
	uint32_t ops_mask;    /* bit (1 << enum sot_op) per operation it has */
	const struct umod_image *img;
	struct mod_dom *dom;
	struct mod_pool heap; /* the type's private heap */
	paddr_t heap_pa;
	size_t heap_size;
	uint8_t *rw_init;  /* the data piece as built (restarts restore it), NULL if empty */
	unsigned int live; /* instances */
	bool user;
};

/*
 * What an upcall's owner (kernel/upcall.h) points at: an instance, or the
 * LL batch, whose caller is the item the runner is at.
 */
enum mod_owner_kind { MOD_OWNER_INSTANCE = 0x1157, MOD_OWNER_LL_BATCH = 0xba7c };
struct mod_owner {
	enum mod_owner_kind kind;
};

/* What the adapter keeps per instance of an image type. */
struct mod_img_inst {
	struct mod_owner owner; /* what its upcalls name as their owner */
	struct mod_itype *t;
	struct mod_instance *m;
	struct sot_call *call; /* in the domain heap (kernel address) */
	void *priv;	       /* in the type heap (kernel address) */
	struct upcall_stack dp_stack;
	bool has_dp_stack;
	bool ports_synced; /* the call block's ports are the adapter's (since the last control op) */
	struct mod_pool_blocks blocks; /* what it allocated from the type heap */
	struct mod_msg_bound msg;
};

_Static_assert(MOD_HEAP_BLOCKS == MOD_POOL_BLOCKS, "one count of module blocks");

static struct mod_itype itypes[UMOD_MAX];
static unsigned int n_itypes;
static struct mod_dom ll_dom, own_dom[UMOD_MAX];
static struct mod_image_stats stats;
static const struct mod_owner ll_batch_owner = {MOD_OWNER_LL_BATCH};

static size_t im_rw_size(const struct umod_image *im)
{
	return im->rw_end - im->rw_start;
}

/* Where the module sees kernel address @k (called directly: the same). */
static vaddr_t uva(const void *k)
{
	return CONFIG_MODULES_USER ? domain_va((paddr_t)(uintptr_t)k) : (vaddr_t)(uintptr_t)k;
}

static const void *kva(vaddr_t va)
{
	return (const void *)(uintptr_t)(va + CONFIG_USER_VA_OFFSET);
}

static bool in_piece(vaddr_t va, size_t len, uint32_t start, uint32_t end)
{
	vaddr_t s = uva((const void *)(uintptr_t)start), e = s + (end - start);

	return start != end && va >= s && va <= e && len <= e - va;
}

static int stack_alloc(struct mod_dom *md, struct upcall_stack *s)
{
	if (!CONFIG_MODULES_USER)
		return 0; /* direct calls run on the caller's stack */
	return upcall_stack_alloc(s, &md->d, STACK_BYTES);
}

static void stack_free(struct mod_dom *md, struct upcall_stack *s)
{
	if (s->pa)
		upcall_stack_free(s, &md->d);
	s->pa = 0;
}

static int dom_setup(struct mod_dom *md, const char *name, bool ll)
{
	int rc = CONFIG_MODULES_USER ? domain_init(&md->d, name) : 0;

	if (rc)
		return rc;
	mutex_init(&md->ctl);
	md->heap_pa = mm_page_alloc(DOM_HEAP_BYTES / PAGE_SIZE, DOM_HEAP_BYTES / PAGE_SIZE);
	rc = md->heap_pa ? 0 : -ENOMEM;
	if (!rc)
		rc = mod_pool_init(&md->heap, md->heap_pa, DOM_HEAP_BYTES);
	if (!rc && CONFIG_MODULES_USER)
		rc = domain_add_partition(&md->d, md->heap_pa, DOM_HEAP_BYTES, MEM_RW | MEM_USER);
	if (!rc && CONFIG_MODULES_USER)
		rc = upcall_domain_prepare(&md->d);
	if (!rc)
		rc = stack_alloc(md, &md->ctl_stack);
	if (!rc && ll)
		rc = stack_alloc(md, &md->ll_stack);
	if (!rc) {
		md->scratch = mod_pool_alloc(&md->heap, MOD_CFG_MAX);
		md->batch = ll ? mod_pool_alloc(&md->heap, sizeof(*md->batch)) : NULL;
		rc = md->scratch && (!ll || md->batch) ? 0 : -ENOMEM;
	}
	md->up = !rc;
	return rc;
}

/*
 * Map an image's pieces and its private heap into @md: for the user, or
 * privileged-only for a type that runs privileged (SOT_MOD_KERNEL).
 */
static int dom_add_type(struct mod_dom *md, struct mod_itype *t)
{
	const struct umod_image *im = t->img;
	uint32_t u = t->user ? MEM_USER : 0;
	int rc;

	if (!CONFIG_MODULES_USER)
		return 0;
	rc = domain_add_partition(&md->d, im->text_start, im->text_end - im->text_start,
				  MEM_RX | u);

	if (!rc)
		rc = domain_add_partition(&md->d, im->ro_start, im->ro_end - im->ro_start,
					  MEM_R | u);
	if (!rc && im->rw_end != im->rw_start)
		rc = domain_add_partition(&md->d, im->rw_start, im->rw_end - im->rw_start,
					  MEM_RW | u);
	if (!rc)
		rc = domain_add_partition(&md->d, t->heap_pa, t->heap_size, MEM_RW | u);
	return rc;
}

static void dom_remove_type(struct mod_dom *md, struct mod_itype *t)
{
	const struct umod_image *im = t->img;

	if (!CONFIG_MODULES_USER)
		return;
	domain_remove_partition(&md->d, im->text_start);
	domain_remove_partition(&md->d, im->ro_start);
	if (im->rw_end != im->rw_start)
		domain_remove_partition(&md->d, im->rw_start);
	domain_remove_partition(&md->d, t->heap_pa);
}

/* Check the image's descriptor in place and take a copy the kernel can trust. */
static int type_check(struct mod_itype *t, const struct umod_image *im)
{
	vaddr_t desc_va, name_va, ops_va;
	const struct sot_image_head *head;
	const struct sot_module_desc *d;
	const struct sot_module_ops *ops;
	const char *name;
	size_t n;

	if (im->ro_end - im->ro_start < 4 + sizeof(*head))
		return -ENOEXEC;
	desc_va = *(const uint32_t *)(uintptr_t)im->ro_start;
	head = (const void *)(uintptr_t)(im->ro_start + 4);
	if (!in_piece(desc_va, sizeof(*d), im->ro_start, im->ro_end))
		return -ENOEXEC;
	d = kva(desc_va);
	name_va = (vaddr_t)(uintptr_t)d->name;
	ops_va = (vaddr_t)(uintptr_t)d->ops;
	if (!in_piece(name_va, 1, im->ro_start, im->ro_end) ||
	    !in_piece(ops_va, sizeof(*ops), im->ro_start, im->ro_end))
		return -ENOEXEC;
	name = kva(name_va);
	for (n = 0;
	     n < NAME_MAX_LEN - 1 && in_piece(name_va + n, 1, im->ro_start, im->ro_end) && name[n];
	     n++)
		t->name[n] = name[n];
	t->name[n] = '\0';
	ops = kva(ops_va);
	if (!n || !ops->init || !ops->prepare || !ops->process)
		return -ENOEXEC;
	if (!in_piece((vaddr_t)(uintptr_t)head->entry, 4, im->text_start, im->text_end) ||
	    !in_piece((vaddr_t)(uintptr_t)head->batch, 4, im->text_start, im->text_end))
		return -ENOEXEC;
	t->desc = *d;
	t->desc.name = t->name;
	t->desc.ops = NULL;
	if (t->desc.sched != SOT_SCHED_LL && t->desc.sched != SOT_SCHED_DP)
		return -ENOEXEC;
	if (t->desc.max_sources > SOT_MODULE_MAX_PORTS ||
	    t->desc.max_sinks > SOT_MODULE_MAX_PORTS || t->desc.min_sources > t->desc.max_sources ||
	    t->desc.min_sinks > t->desc.max_sinks)
		return -ENOEXEC;
	t->ops_mask = 1u << SOT_OP_INIT | 1u << SOT_OP_PREPARE | 1u << SOT_OP_PROCESS |
		      1u << SOT_OP_RESET | 1u << SOT_OP_TRIGGER | 1u << SOT_OP_FREE |
		      (ops->set_config ? 1u << SOT_OP_SET_CONFIG : 0) |
		      (ops->get_config ? 1u << SOT_OP_GET_CONFIG : 0);
	t->entry = (vaddr_t)(uintptr_t)head->entry;
	t->batch = (vaddr_t)(uintptr_t)head->batch;
	t->img = im;
	t->user = CONFIG_MODULES_USER && !(t->desc.flags & SOT_MOD_KERNEL);
	t->heap_size = t->desc.heap_bytes ? t->desc.heap_bytes : TYPE_HEAP_BYTES;
	if (t->heap_size & (t->heap_size - 1) || t->heap_size < PAGE_SIZE ||
	    t->heap_size > TYPE_HEAP_MAX || t->desc.priv_size > t->heap_size / 2)
		return -ENOEXEC;
	return 0;
}

/* A domain of a type's own, taken apart again. */
static void dom_teardown(struct mod_dom *md)
{
	stack_free(md, &md->ll_stack);
	stack_free(md, &md->ctl_stack);
	if (md->heap_pa)
		mm_page_free(md->heap_pa, DOM_HEAP_BYTES / PAGE_SIZE);
	if (CONFIG_MODULES_USER && md->d.as)
		domain_deinit(&md->d);
	memset(md, 0, sizeof(*md));
}

/* What a refused image had taken goes back (the slot is used by the next one). */
static void type_undo(struct mod_itype *t)
{
	if (t->dom == &ll_dom)
		dom_remove_type(&ll_dom, t); /* what was added of it */
	else if (t->dom)
		dom_teardown(t->dom);
	if (t->heap_pa)
		mm_page_free(t->heap_pa, t->heap_size / PAGE_SIZE);
	kfree(t->rw_init);
	memset(t, 0, sizeof(*t));
}

int mod_images_init(void)
{
	unsigned int n = (unsigned int)(__umod_table_end - __umod_table_start);
	int rc = dom_setup(&ll_dom, "ll-user", true);

	if (rc)
		return rc;
	for (unsigned int i = 0; i < n && i < UMOD_MAX; i++) {
		struct mod_itype *t = &itypes[n_itypes];
		size_t pages;

		if (__umod_table_start[i].text_start == __umod_table_start[i].text_end)
			continue; /* a type this image does not carry (test modules) */
		rc = type_check(t, &__umod_table_start[i]);
		if (!rc) {
			pages = t->heap_size / PAGE_SIZE;
			t->heap_pa = mm_page_alloc(pages, pages);
			rc = t->heap_pa ? mod_pool_init(&t->heap, t->heap_pa, t->heap_size)
					: -ENOMEM;
		}
		if (!rc && im_rw_size(&__umod_table_start[i])) {
			size_t rw = im_rw_size(&__umod_table_start[i]);

			t->rw_init = kmalloc(rw);
			if (t->rw_init)
				memcpy(t->rw_init,
				       (void *)(uintptr_t)__umod_table_start[i].rw_start, rw);
			else
				rc = -ENOMEM;
		}
		if (!rc) {
			/*
			 * DP types, untrusted ones, and privileged ones (whose stacks
			 * and call blocks unprivileged code must not share) get their
			 * own domain.
			 */
			bool own = t->desc.sched == SOT_SCHED_DP ||
				   (t->desc.flags & (SOT_MOD_UNTRUSTED | SOT_MOD_KERNEL));

			t->dom = own ? &own_dom[n_itypes] : &ll_dom;
			if (own)
				rc = dom_setup(t->dom, t->name, t->desc.sched == SOT_SCHED_LL);
			if (!rc)
				rc = dom_add_type(t->dom, t);
		}
		if (rc) {
			LOG_ERR("modules: image %u refused (%d)", i, rc);
			type_undo(t);
			continue;
		}
		n_itypes++;
	}
	LOG_INF("modules: %u image types, %s", n_itypes,
		n_itypes && itypes[0].user ? "user mode" : "kernel mode");
	return 0;
}

static struct mod_itype *itype_of(const struct sot_module_desc *desc)
{
	for (unsigned int i = 0; i < n_itypes; i++)
		if (desc == &itypes[i].desc)
			return &itypes[i];
	return NULL;
}

bool mod_image_is(const struct sot_module_desc *desc)
{
	return itype_of(desc) != NULL;
}

bool mod_image_has_op(const struct sot_module_desc *desc, enum sot_op op)
{
	const struct mod_itype *t = itype_of(desc);

	return t && (t->ops_mask >> op & 1);
}

const struct sot_module_desc *mod_image_find(uint32_t id)
{
	for (unsigned int i = 0; i < n_itypes; i++)
		if (itypes[i].desc.id == id)
			return &itypes[i].desc;
	return NULL;
}

const struct sot_module_desc *mod_image_find_name(const char *name)
{
	for (unsigned int i = 0; i < n_itypes; i++)
		if (!strcmp(itypes[i].name, name))
			return &itypes[i].desc;
	return NULL;
}

#if CONFIG_MODULES_USER
static int how_to_errno(const struct upcall_result *res)
{
	switch (res->how) {
	case UPCALL_RETURNED:
		return (int32_t)res->ret;
	case UPCALL_FAULT:
		return -EFAULT;
	case UPCALL_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return -ECANCELED;
	}
}
#endif

/* @owner: whom the module's system calls during the call are for (mod_image_caller()). */
static int call(struct mod_itype *t, vaddr_t sp, uint32_t budget, vaddr_t fn, uint32_t a0,
		uint32_t a1, const struct mod_owner *owner, struct upcall_result *res)
{
#if !CONFIG_MODULES_USER
	/* Images are linked where the kernel sees them: a plain call, privileged. */
	uint32_t c0 = arch_cycles();

	(void)t;
	(void)sp;
	(void)budget;
	(void)owner;
	res->how = UPCALL_RETURNED;
	res->ret = (uint32_t)((int (*)(uint32_t, uint32_t))(uintptr_t)fn)(a0, a1);
	res->cycles = arch_cycles() - c0;
	stats.upcalls++;
	return (int32_t)res->ret;
#else
	struct upcall u = {.d = &t->dom->d,
			   .sp = sp,
			   .budget = t->user ? budget : 0,
			   .privileged = !t->user,
			   .owner = (void *)(uintptr_t)owner,
			   /* The LL tick's module code may not block it. */
			   .no_block = budget == BUDGET_LL};
	int rc;

	memset(res, 0, sizeof(*res));
	rc = upcall(&u, fn, a0, a1, 0, 0, res);
	stats.upcalls++;
	if (rc) {
		res->how = UPCALL_KILLED; /* not entered: the instance is not usable */
		return rc;
	}
	return how_to_errno(res);
#endif
}

/*
 * Where the module finds buffer @b: mapped into its domain for unprivileged
 * code; privileged code uses the kernel's own address (not mapped twice).
 */
static struct abuf *buf_addr(const struct mod_itype *t, struct abuf *b)
{
	return t->user ? (struct abuf *)uva(b) : b;
}

/* The adapter's view into the call block, before an operation. */
static void sync_in(struct mod_instance *m, struct mod_img_inst *ii, enum sot_op op)
{
	struct sot_call *c = ii->call;

	c->mod.period_frames = m->mod.period_frames;
	c->n_src = m->n_src;
	c->n_snk = m->n_snk;
	if (op == SOT_OP_PREPARE) {
		for (unsigned int i = 0; i < m->n_src; i++)
			c->in[i] = m->src[i].stream;
		memset(c->out, 0, sizeof(c->out));
	}
	/*
	 * Ports change only with the pipeline's control operations: a process()
	 * after one copies them, the others find them in place.
	 */
	if (op != SOT_OP_PROCESS)
		ii->ports_synced = false;
	else if (ii->ports_synced)
		return;
	else
		ii->ports_synced = true;
	if (op == SOT_OP_PREPARE || op == SOT_OP_PROCESS) {
		for (unsigned int i = 0; i < m->n_src; i++)
			c->src[i] = (struct sot_port){buf_addr(ii->t, m->src[i].buf),
						      m->src[i].stream, m->src[i].frame_bytes};
		for (unsigned int i = 0; i < m->n_snk; i++)
			c->snk[i] = (struct sot_port){buf_addr(ii->t, m->snk[i].buf),
						      m->snk[i].stream, m->snk[i].frame_bytes};
	}
}

int mod_image_op(struct mod_instance *m, enum sot_op op, struct mod_op_args *a)
{
	struct mod_img_inst *ii = m->img;
	struct mod_itype *t = ii->t;
	struct mod_dom *md = t->dom;
	struct mod_op_args none = {0};
	struct upcall_result res;
	bool ctl = op != SOT_OP_PROCESS;
	struct sot_call *c = ii->call;
	vaddr_t sp;
	int rc;

	if (!a)
		a = &none;
	if (m->failed) {
		/*
		 * Its code does not run again until a restart; the pipeline's
		 * own operations go on around it (a bypass keeps the streams).
		 */
		if (op == SOT_OP_TRIGGER || op == SOT_OP_RESET)
			return 0;
		if (op == SOT_OP_PREPARE && a->out && m->n_snk && m->snk[0].stream.rate) {
			for (unsigned int i = 0; i < m->n_snk; i++)
				a->out[i] = m->snk[i].stream;
			return 0;
		}
		return m->failed;
	}
	if (ctl)
		mutex_lock(&md->ctl, TIMEOUT_FOREVER);
	sync_in(m, ii, op);
	if (ctl) { /* a process() upcall of another thread leaves them alone */
		c->param = a->param;
		c->flags = a->flags;
		c->offset = a->offset;
		c->total = a->total;
		c->cmd = a->cmd;
		c->cfg = (void *)uva(md->scratch);
		c->size = (uint32_t)(a->size < MOD_CFG_MAX ? a->size : MOD_CFG_MAX);
		if (op == SOT_OP_SET_CONFIG)
			memcpy(md->scratch, a->data, c->size);
	}
	sp = !ctl && ii->has_dp_stack ? ii->dp_stack.top
	     : !ctl		      ? md->ll_stack.top
				      : md->ctl_stack.top;
	rc = call(t, sp,
		  ctl		     ? BUDGET_CTL
		  : ii->has_dp_stack ? BUDGET_DP
				     : BUDGET_LL,
		  t->entry, uva(c), op, &ii->owner, &res);
	if (res.how != UPCALL_RETURNED) {
		m->failed = rc;
		mod_fault(m, rc, res.how == UPCALL_FAULT ? &res.fault : NULL);
	} else if (op == SOT_OP_GET_CONFIG && !rc) {
		uint32_t n = c->size; /* the module's word: bounded here */

		a->size = n < a->size ? n : a->size;
		memcpy(a->data, md->scratch, a->size);
	} else if (op == SOT_OP_PREPARE && !rc && a->out) {
		for (unsigned int i = 0; i < m->n_snk; i++)
			a->out[i] = c->out[i];
	}
	if (ctl)
		mutex_unlock(&md->ctl);
	return rc;
}

long mod_image_heap_alloc(struct mod_instance *m, uint32_t size, uint32_t align)
{
	struct mod_img_inst *ii = m->img;
	void *k;
	int rc;

	if (!size)
		return -EINVAL;
	rc = mod_pool_block_alloc(&ii->t->heap, &ii->blocks, size, align, &k);
	return rc ? rc : (long)uva(k);
}

int mod_image_heap_free(struct mod_instance *m, vaddr_t va)
{
	struct mod_img_inst *ii = m->img;

	/* Any value: one below the heap wraps to an offset past it. */
	return mod_pool_block_free(&ii->t->heap, &ii->blocks, va - uva((void *)ii->t->heap.base));
}

struct mod_msg_bound *mod_image_msg_bound(struct mod_instance *m)
{
	return &m->img->msg;
}

int mod_image_create(struct mod_instance *m)
{
	struct mod_itype *t = itype_of(m->mod.desc);
	struct mod_img_inst *ii = kzalloc(sizeof(*ii));
	int rc;

	if (!t || !ii) {
		kfree(ii);
		return t ? -ENOMEM : -EINVAL;
	}
	ii->owner.kind = MOD_OWNER_INSTANCE;
	ii->t = t;
	ii->m = m;
	mutex_lock(&t->dom->ctl, TIMEOUT_FOREVER);
	t->live++;
	ii->call = mod_pool_alloc(&t->dom->heap, sizeof(*ii->call));
	ii->priv = t->desc.priv_size ? mod_pool_alloc(&t->heap, t->desc.priv_size) : NULL;
	mutex_unlock(&t->dom->ctl);
	if (!ii->call || (t->desc.priv_size && !ii->priv)) {
		mutex_lock(&t->dom->ctl, TIMEOUT_FOREVER);
		mod_pool_free(&t->dom->heap, ii->call, sizeof(*ii->call));
		mod_pool_free(&t->heap, ii->priv, t->desc.priv_size);
		t->live--;
		mutex_unlock(&t->dom->ctl);
		kfree(ii);
		return -ENOMEM;
	}
	memset(ii->call, 0, sizeof(*ii->call));
	if (ii->priv)
		memset(ii->priv, 0, t->desc.priv_size);
	ii->call->mod.desc =
		(const void *)(uintptr_t) * (const uint32_t *)(uintptr_t)t->img->ro_start;
	ii->call->mod.priv = ii->priv ? (void *)uva(ii->priv) : NULL;
	ii->call->mod.instance_id = m->mod.instance_id;
	m->img = ii;
	m->mod.priv = ii->priv;
	rc = mod_image_op(m, SOT_OP_INIT, NULL);
	if (rc) {
		mod_recovery_forget(m); /* a fault in init() queued it for a restart */
		mod_image_destroy(m);
		return rc;
	}
	return 0;
}

int mod_image_renew(struct mod_instance *m)
{
	struct mod_img_inst *ii = m->img;
	struct mod_itype *t = ii->t;

	mod_pool_blocks_release(&t->heap, &ii->blocks);
	if (ii->priv)
		memset(ii->priv, 0, t->desc.priv_size);
	if (t->rw_init)
		memcpy((void *)(uintptr_t)t->img->rw_start, t->rw_init,
		       t->img->rw_end - t->img->rw_start);
	ii->call->mod.priv = ii->priv ? (void *)uva(ii->priv) : NULL;
	ii->call->mod.instance_id = m->mod.instance_id;
	m->failed = 0;
	return mod_image_op(m, SOT_OP_INIT, NULL);
}

void mod_image_destroy(struct mod_instance *m)
{
	struct mod_img_inst *ii = m->img;
	struct mod_itype *t;

	if (!ii)
		return;
	t = ii->t;
	m->dying = true; /* a fault in free() is reported, never queued for a restart */
	if (!m->failed)
		mod_image_op(m, SOT_OP_FREE, NULL);
	mod_image_dp_detach(m);
	mod_pool_blocks_release(&t->heap, &ii->blocks);
	mutex_lock(&t->dom->ctl, TIMEOUT_FOREVER);
	mod_pool_free(&t->dom->heap, ii->call, sizeof(*ii->call));
	mod_pool_free(&t->heap, ii->priv, t->desc.priv_size);
	t->live--;
	mutex_unlock(&t->dom->ctl);
	kfree(ii);
	m->img = NULL;
	m->mod.priv = NULL;
}

int mod_image_dp_attach(struct mod_instance *m)
{
	struct mod_img_inst *ii = m->img;
	int rc;

	if (!ii || ii->has_dp_stack)
		return 0;
	rc = stack_alloc(ii->t->dom, &ii->dp_stack);
	ii->has_dp_stack = !rc;
	return rc;
}

void mod_image_dp_detach(struct mod_instance *m)
{
	struct mod_img_inst *ii = m->img;

	if (!ii || !ii->has_dp_stack)
		return;
	stack_free(ii->t->dom, &ii->dp_stack);
	ii->has_dp_stack = false;
}

int mod_image_map(struct mod_instance *m, struct abuf *b, size_t bytes)
{
	struct mod_dom *md = m->img ? m->img->t->dom : NULL;
	paddr_t pa = (paddr_t)(uintptr_t)b;
	int free_slot = -1, rc;

	if (!md || !m->img->t->user)
		return 0; /* privileged code reaches every buffer */
	bytes = mem_align_up(bytes, arch_as_align(bytes)); /* as mm_buffer_alloc() sized it */
	for (int i = 0; i < DOM_MAPS; i++) {
		if (md->maps[i].refs && md->maps[i].pa == pa) {
			md->maps[i].refs++;
			return 0;
		}
		if (!md->maps[i].refs && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return -ENOSPC;
	rc = domain_add_partition(&md->d, pa, bytes, MEM_RW | MEM_USER);
	if (rc)
		return rc;
	md->maps[free_slot].pa = pa;
	md->maps[free_slot].size = bytes;
	md->maps[free_slot].refs = 1;
	return 0;
}

void mod_image_unmap(struct mod_instance *m, struct abuf *b)
{
	struct mod_dom *md = m->img ? m->img->t->dom : NULL;
	paddr_t pa = (paddr_t)(uintptr_t)b;

	if (!md || !m->img->t->user)
		return;
	for (int i = 0; i < DOM_MAPS; i++) {
		if (md->maps[i].refs && md->maps[i].pa == pa) {
			if (!--md->maps[i].refs)
				domain_remove_partition(&md->d, pa);
			return;
		}
	}
}

/*
 * The LL thread's batch in the making, the kernel's own copy: its items'
 * instances and pipeline indexes, and how many there are (the module's
 * b->n and b->cur are only ever read bounded by batch_n).
 */
static unsigned int batch_idx[SOT_BATCH_MAX], batch_n;
static struct mod_instance *batch_mod[SOT_BATCH_MAX];
static struct mod_itype *batch_runner;

bool mod_image_ll_batched(const struct mod_instance *m)
{
	return m->img && m->img->t->dom == &ll_dom && m->img->t->user && !m->failed &&
	       !m->recovering && !m->bypassed;
}

bool mod_image_ll_add(struct mod_instance *m, unsigned int index)
{
	struct sot_batch *b = ll_dom.batch;

	if (!batch_runner)
		batch_n = 0;
	if (batch_n == SOT_BATCH_MAX)
		return false;
	sync_in(m, m->img, SOT_OP_PROCESS);
	batch_runner = m->img->t;
	batch_idx[batch_n] = index;
	batch_mod[batch_n] = m;
	b->item[batch_n].entry = (sot_entry_fn)m->img->t->entry;
	b->item[batch_n].call = (struct sot_call *)uva(m->img->call);
	b->item[batch_n].rc = -EINPROGRESS;
	b->n = ++batch_n;
	return true;
}

void mod_image_ll_flush(struct pipeline *p, int *rc)
{
	struct sot_batch *b = ll_dom.batch;
	struct upcall_result res;
	unsigned int n;
	int brc;

	if (!batch_runner)
		return;
	n = batch_n;		/* the batch is in the LL domain: its modules could change b->n */
	b->cur = SOT_BATCH_MAX; /* no item yet */
	brc = call(batch_runner, ll_dom.ll_stack.top, BUDGET_LL, batch_runner->batch, uva(b), 0,
		   &ll_batch_owner, &res);
	batch_runner = NULL;
	batch_n = 0;
	stats.ll_batches++;
	for (unsigned int k = 0; k < n; k++) {
		struct mod_instance *m = p->mods[batch_idx[k]];
		int32_t r = b->item[k].rc;

		if (res.how == UPCALL_RETURNED && !brc) {
			rc[batch_idx[k]] = r;
		} else if (r == -EINPROGRESS) {
			/* The batch stopped at this one: its fault; the rest did not run. */
			rc[batch_idx[k]] = brc;
			m->failed = brc;
			mod_fault(m, brc, res.how == UPCALL_FAULT ? &res.fault : NULL);
			break;
		} else {
			rc[batch_idx[k]] = r;
		}
	}
}

int mod_image_set_user(const char *name, bool user)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	struct mod_itype *t = d ? itype_of(d) : NULL;
	int rc;

	if (!t)
		return -ENOENT;
	if (t->live)
		return -EBUSY;
	if (t->user == user)
		return 0;
	if (user && !CONFIG_MODULES_USER)
		return -ENOTSUP;
	dom_remove_type(t->dom, t);
	t->user = user;
	rc = dom_add_type(t->dom, t);
	if (rc) { /* back as it was */
		dom_remove_type(t->dom, t);
		t->user = !user;
		dom_add_type(t->dom, t);
	}
	return rc;
}

bool mod_image_user(const char *name)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	const struct mod_itype *t = d ? itype_of(d) : NULL;

	return t && t->user;
}

vaddr_t mod_image_heap_va(const char *name)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	const struct mod_itype *t = d ? itype_of(d) : NULL;

	return t ? domain_va(t->heap_pa) : 0;
}

void mod_image_get_stats(struct mod_image_stats *st)
{
	*st = stats;
}

struct mod_instance *mod_image_caller(void *owner)
{
	const struct mod_owner *o = owner;
	uint32_t cur;

	if (!o)
		return NULL;
	if (o->kind == MOD_OWNER_INSTANCE)
		return ((const struct mod_img_inst *)owner)->m;
	if (o != &ll_batch_owner)
		return NULL;
	/* The module's word, read once: a lie names another item at worst, never past them. */
	cur = *(volatile uint32_t *)&ll_dom.batch->cur;
	return cur < batch_n ? batch_mod[cur] : NULL;
}

int mod_image_heap_stats(const char *name, struct mod_heap_stats *st)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	const struct mod_itype *t = d ? itype_of(d) : NULL;
	unsigned long key;

	if (!t)
		return -ENOENT;
	key = arch_irq_lock();
	st->capacity = t->heap.n * MOD_POOL_GRANULE;
	st->used = t->heap.used * MOD_POOL_GRANULE;
	st->mod_blocks = t->heap.blocks;
	st->mod_bytes = t->heap.block_granules * MOD_POOL_GRANULE;
	arch_irq_unlock(key);
	return 0;
}

int mod_image_set_trusted(const char *name, bool trusted)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	struct mod_itype *t = d ? itype_of(d) : NULL;
	struct mod_dom *to;
	int rc;

	if (!t)
		return -ENOENT;
	if (!CONFIG_MODULES_USER || t->desc.sched != SOT_SCHED_LL ||
	    !(t->desc.flags & SOT_MOD_UNTRUSTED))
		return -EINVAL;
	if (t->live)
		return -EBUSY;
	to = trusted ? &ll_dom : &own_dom[t - itypes];
	if (t->dom == to)
		return 0;
	dom_remove_type(t->dom, t);
	rc = dom_add_type(to, t);
	if (rc) { /* back as it was */
		dom_remove_type(to, t);
		dom_add_type(t->dom, t);
		return rc;
	}
	t->dom = to;
	return 0;
}

struct domain *mod_image_domain(const char *name)
{
	const struct sot_module_desc *d = mod_image_find_name(name);
	struct mod_itype *t = d ? itype_of(d) : NULL;

	return t && CONFIG_MODULES_USER ? &t->dom->d : NULL;
}

vaddr_t mod_image_ll_batch_va(void)
{
	return ll_dom.batch ? uva(ll_dom.batch) : 0;
}

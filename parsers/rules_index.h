/*
 * Building the rules index: shared by the index itself (rules.c), the
 * built-in tables (rules_builtin.c) and rules files (rules_file.c).
 * Private to those three.
 */
#ifndef PTC_RULES_INDEX_H
#define PTC_RULES_INDEX_H

#include "parsers/rules.h"

/* A new rule of `kind` owned by `r` (id and key copied); NULL when out of
   memory. */
ptc_rule *ptc_rules_new_rule(ptc_rules *r, ptc_rule_kind kind, const char *id, const char *key);

/* Index `rule` under the raw text[0..len) (normalised with ptc_norm_key);
   a later rule for the same key and kind replaces the earlier one (a rules
   file overrides the built-ins). False when out of memory or when the text
   normalises to nothing. */
bool ptc_rules_add_key(ptc_rules *r, ptc_rule *rule, const char *text, size_t len);

/* ptc_rules_add_key for every '|'-separated text of `list`. */
bool ptc_rules_add_list(ptc_rules *r, ptc_rule *rule, const char *list);

/* Add the built-in tables (rules_builtin.c). */
bool ptc_rules_add_builtins(ptc_rules *r);

/* A new set holding the built-in rules only; NULL when out of memory. */
ptc_rules *ptc_rules_new_builtin(void);

#endif

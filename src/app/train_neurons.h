/* What `superpose train` adds for the models with neurons (--model hidden-relu or abs): each
 * neuron's weights, kind and top feature, the counts, and for abs the features computed. */
#ifndef SUPERPOSE_APP_TRAIN_NEURONS_H
#define SUPERPOSE_APP_TRAIN_NEURONS_H

struct model;

/* JSON members, each starting ",\n ": "W2" (abs), "neurons", the three counts, and for abs
 * "computed", "one_sided" and "asymmetric". Nothing for the tied model. */
void train_neurons_json(const struct model *md);

/* The same as a table after train's feature table. */
void train_neurons_table(const struct model *md);

#endif

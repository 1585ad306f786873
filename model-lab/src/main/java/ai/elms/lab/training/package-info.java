/**
 * Pre-training and task tuning of the decoder: batches (packed corpus windows,
 * chat-format task items with the loss on the answer), AdamW with a cosine schedule and
 * gradient clipping, validation, resumable checkpoints, and the {@code pretrain} and
 * {@code tune} subcommands.
 */
package ai.elms.lab.training;

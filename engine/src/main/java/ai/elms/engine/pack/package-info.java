/**
 * The elastic package on disk: manifest, tokenizer and safetensors weights in which every
 * level is a prefix of every matrix; and a generator of random-weight packages of any
 * shape.
 */
package ai.elms.engine.pack;

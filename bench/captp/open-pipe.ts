// How a captp-suite contestant gets the string pipe its two ends talk
// through: the in-process pipe of ./transport.ts, or a real TCP socket on
// 127.0.0.1 (./tcp-string-pipe.ts). A pipe that holds operating-system
// resources has close(), which the measures call when done with it (an
// open socket would keep the benchmark's child process from exiting).
import { makeStringPipe, type StringPipe } from './transport.js';

export type OpenedPipe = StringPipe & { close?: () => Promise<void> };

export type OpenPipe = () => Promise<OpenedPipe>;

export const openInProcessPipe: OpenPipe = async () => makeStringPipe();

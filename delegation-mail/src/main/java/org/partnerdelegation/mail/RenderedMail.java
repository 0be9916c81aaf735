package org.partnerdelegation.mail;

/** One notification's mail, ready to send: placeholders filled in, the HTML values escaped. */
record RenderedMail(String subject, String text, String html) {
}

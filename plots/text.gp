# text.gp: titles. A title's ' | ' marks a line break (the question, then its
# details, then the machine); fb_nlines counts the lines, for the room above.
fb_nlines(t) = strstrt(t, ' | ') ? 1 + fb_nlines(t[strstrt(t, ' | ') + 3:]) : 1
fb_lines(t) = strstrt(t, ' | ') ? t[1:strstrt(t, ' | ') - 1]."\n".fb_lines(t[strstrt(t, ' | ') + 3:]) : t

#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# Doxygen's INPUT_FILTER for the public headers, which document with plain // comments as
# Qt's headers read, without Doxygen's markers. Prints the header with:
#  - a // block directly above a declaration turned into ///, and the declarations that
#    follow it up to a blank line made a member group (/**@{*/ ... /**@}*/) when they belong
#    together, so that the comment documents each of them (DISTRIBUTE_GROUP_DOC): "// The
#    URL." above url() and setUrl();
#  - a trailing // after a declaration or enum value turned into ///<, with the // lines
#    that continue it in the same column;
#  - the characters Doxygen would read as commands or HTML escaped in the comments' text;
#  - the documentation Qt gives the members it documents alike: a property (its access
#    functions), a notifier signal, a copy constructor and assignment, streaming operators.
# Line numbers are kept, so that Doxygen's warnings point at the real lines.
use strict;
use warnings;

my @lines = <>;
chomp @lines;

sub escape {
    my ($text) = @_;
    $text =~ s/([\\@<>&#%\$])/\\$1/g;
    return $text;
}

# Whether the code before a // has balanced quotes, so that the // starts a comment.
sub outside_string {
    my ($code) = @_;
    my $quotes = () = $code =~ /(?<!\\)"/g;
    return $quotes % 2 == 0;
}

sub is_full_comment { return $_[0] =~ m{^\s*//(?!/)}; }
sub is_blank { return $_[0] =~ /^\s*$/; }

# Whether the declarations a comment stands above belong together, so that the comment is
# theirs: each one's name is mentioned in the comment, or shares its stem with another one's
# (url() and setUrl(), pendingRequests() and pendingRequestCount()). Otherwise the comment
# is the first declaration's only, and an undocumented neighbour is reported, not taken in.
sub related {
    my ($comment, @code) = @_;
    return 0 if $code[0] =~ /^\s*(class|struct|enum|namespace|template|Q_)/;
    (my $text = join(' ', @code)) =~ s{//.*?(?= {2,}|$)}{}g;
    1 while $text =~ s/\{[^{}]*\}/;/g; # inline bodies
    my @names = map { /^\s*using\s+(\w+)/ ? $1 : /(\w+)\s*\(/ ? $1 : /(\w+)\s*(?:=.*)?$/ ? $1 : () }
                grep { /\w/ } split /;/, $text;
    return 0 unless @names;
    # Reimplementations, under a comment naming the base class ("// QIODevice").
    return 1 if !grep { !/\boverride\b/ } grep { /\w/ } split /;/, $text;
    # One family: the same first or last word (DefaultPingInterval, DefaultDeadPeerTimeout;
    # AsyncRequestHandler, SyncRequestHandler; error(), errorString()).
    my @words = map { [ /([A-Z]?[a-z0-9]+|[A-Z]+(?![a-z]))/g ] } @names;
    for my $end (0, -1) {
        my $word = lc $words[0][$end];
        return 1 if !grep { lc($_->[$end]) ne $word } @words;
    }
    my %count;
    my @stems = map {
        (my $stem = $_) =~ s/^(set|Default)(?=[A-Z])//;
        $stem = lcfirst $stem;
        $stem =~ s/^(add|is|has|open)(?=[A-Z])//;
        $stem =~ s/(Count|Changed|s)$//;
        lcfirst $stem;
    } @names;
    ++$count{$_} for @stems;
    for my $k (1 .. $#names) {
        next if $count{$stems[$k]} > 1 || index(lc $comment, lc $stems[$k]) >= 0;
        return 0;
    }
    return 1;
}

# The notifier signals of the file's properties: signal => property.
my %notifies;
{
    my $all = join(' ', @lines);
    while ($all =~ /Q_PROPERTY\(([^)]*)\)/g) {
        my $property = $1;
        $notifies{$2} = $1 if $property =~ /(\w+)\s+READ\b.*\bNOTIFY\s+(\w+)/;
    }
}

my @out = @lines;
my %closes; # the lines that end a member group
my $trailing_column = -1; # the column of the last trailing comment, for its continuations
for (my $i = 0; $i < @lines; ++$i) {
    my $line = $lines[$i];
    if (is_full_comment($line)) {
        my ($indent) = $line =~ m{^(\s*)//};
        if ($trailing_column == length($indent)) {
            $out[$i] =~ s{^(\s*)//\s?(.*)$}{$1 . '///< ' . escape($2)}e;
            next;
        }
        # A whole comment block: documentation when a declaration follows it directly.
        my $end = $i;
        ++$end while $end + 1 < @lines && is_full_comment($lines[$end + 1]);
        my $next = $end + 1 < @lines ? $lines[$end + 1] : '';
        my $documents = !is_blank($next) && $next !~ /^\s*(#|\}|(public|protected|private)\b|Q_SIGNALS:|signals:)/
                        && $lines[$i] !~ /SPDX-License-Identifier/;
        if ($documents) {
            for my $k ($i .. $end) {
                $out[$k] =~ s{^(\s*)//\s?(.*)$}{$1 . '/// ' . escape($2)}e;
            }
            # The declarations it covers: up to a blank line, a comment or the scope's end.
            my @covered;
            my $depth = 0;
            my $simple = 1;
            for (my $k = $end + 1; $k < @lines; ++$k) {
                my $code = $lines[$k];
                last if is_blank($code) || is_full_comment($code);
                last if $depth == 0 && $code =~ /^\s*(\}|(public|protected|private)\b|Q_SIGNALS:|signals:|#)/;
                my $open = () = $code =~ /\{/g;
                my $close = () = $code =~ /\}/g;
                $depth += $open - $close;
                $simple = 0 if $depth != 0;
                push @covered, $k;
            }
            my $declarations = grep { $lines[$_] =~ /[;}]\s*(\/\/.*)?$/ } @covered;
            my $comment = join(' ', @lines[$i .. $end]);
            # A declaration with a trailing comment of its own needs no share of this one.
            my @checked = grep { $_ == $covered[0] || $lines[$_] !~ m{\S\s+//(?!/)} } @covered;
            if ($simple && $declarations > 1 && related($comment, map { $lines[$_] } @checked)) {
                $out[$i] =~ s#^(\s*)#$1/**\@{*/ #;
                $closes{$covered[-1]} = 1;
            }
        }
        $trailing_column = -1;
        $i = $end;
        next;
    }
    $trailing_column = -1;
    # A property is documented as Qt documents its own: by its access functions, whose
    # comments say what it is.
    if ($line =~ /^(\s*)Q_PROPERTY\((.*)$/) {
        my ($indent, $rest) = ($1, $2);
        my $text = $rest;
        for (my $k = $i + 1; $text !~ /\)\s*$/ && $k < @lines; ++$k) { $text .= ' ' . $lines[$k]; }
        my @access;
        push @access, "read with $1()" if $text =~ /\bREAD\s+(\w+)/;
        push @access, "written with $1()" if $text =~ /\bWRITE\s+(\w+)/;
        push @access, "notified by $1()" if $text =~ /\bNOTIFY\s+(\w+)/;
        my ($name) = $text =~ /(\w+)\s+(?:READ|MEMBER)\b/;
        $out[$i] = $indent . "/** The $name property: " . join(', ', @access) . ". */ Q_PROPERTY($rest";
        next;
    }
    if ($line =~ m{^(.*?\S.*?)(\s+)//(?!/)\s?(.*)$} && outside_string($1)) {
        my ($code, $space, $text) = ($1, $2, $3);
        $out[$i] = $code . $space . '///< ' . escape($text);
        $trailing_column = length($code) + length($space);
    }
    # Copying a value class, documented as Qt documents it.
    my $undocumented = ($i == 0 || !is_full_comment($lines[$i - 1])) && $trailing_column < 0;
    if ($undocumented && $line =~ /^(\s*)(\w+)\(const \2 &(\w+)\);/) {
        $out[$i] = "$1/** Constructs a copy of $3. */ " . substr($out[$i], length($1));
    } elsif ($undocumented && $line =~ /^(\s*)(\w+) &operator=\(const \2 &(\w+)\);/) {
        $out[$i] = "$1/** Assigns $3 to this object. */ " . substr($out[$i], length($1));
    } elsif ($undocumented && $line =~ /^(\s*)\w+ (?:QDebug |QDataStream &)operator(<<|>>)\(/) {
        # Streaming operators, documented as Qt documents its own.
        my ($indent, $direction) = ($1, $2);
        my $declaration = $line . ($line =~ /\)/ ? '' : ' ' . ($lines[$i + 1] // ''));
        my ($type) = $declaration =~ /,\s*(?:const\s+)?(\w+)\s*&/;
        my $what = $declaration =~ /QDebug/ ? "Writes a $type to a debug stream."
                 : $direction eq '<<' ? "Writes a $type to a data stream."
                 : "Reads a $type from a data stream.";
        $out[$i] = "$indent/** $what */ " . substr($out[$i], length($indent));
    } elsif ($undocumented && $line =~ /^(\s*)void (\w+)\(/ && exists $notifies{$2}) {
        $out[$i] = "$1/** Notifies a change of the $notifies{$2} property. */ "
                   . substr($out[$i], length($1));
    }
}
# The header is documented as a file, so that its free functions and types are checked too.
$out[0] = '/** \\file */ ' . $out[0];

# A group ends after its last declaration, before the declaration's trailing comment.
for my $k (keys %closes) {
    $out[$k] =~ s#(\s*///<.*)?$#' /**@}*/' . ($1 // '')#e;
}
print "$_\n" for @out;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// The Porter (1980) stemming algorithm for English, as Lucene's PorterStemFilter applies it:
/// "refunds", "refunded" and "refunding" all become "refund". Input is one lower-case word of
/// ASCII letters; anything else is returned unchanged.
/// </summary>
/// <remarks>
/// A direct rendering of Martin Porter's reference implementation (tartarus.org/martin/PorterStemmer),
/// including its published departure in step 2 ("abli" → "able" became "bli" → "ble", plus "logi" → "log").
/// </remarks>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 2 || !IsLowerAscii(word))
        {
            return word;
        }

        var state = new Word(word);
        state.Step1Ab();
        state.Step1C();
        state.Step2();
        state.Step3();
        state.Step4();
        state.Step5();
        return state.Result();
    }

    private static bool IsLowerAscii(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word being stemmed: <c>_b[0.._k]</c> is the current stem, <c>_j</c> the end of the part before a suffix.</summary>
    private ref struct Word
    {
        private readonly char[] _b;
        private int _k;
        private int _j;

        public Word(string word)
        {
            _b = new char[word.Length + 8];
            word.CopyTo(0, _b, 0, word.Length);
            _k = word.Length - 1;
            _j = 0;
        }

        public readonly string Result() => new(_b, 0, _k + 1);

        /// <summary>Step 1ab: plurals and -ed or -ing.</summary>
        public void Step1Ab()
        {
            if (_b[_k] == 's')
            {
                if (Ends("sses"))
                {
                    _k -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (_b[_k - 1] != 's')
                {
                    _k--;
                }
            }

            if (Ends("eed"))
            {
                if (Measure() > 0)
                {
                    _k--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                _k = _j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleConsonant(_k))
                {
                    _k--;
                    if (_b[_k] is 'l' or 's' or 'z')
                    {
                        _k++;
                    }
                }
                else if (Measure() == 1 && ConsonantVowelConsonant(_k))
                {
                    SetTo("e");
                }
            }
        }

        /// <summary>Step 1c: a terminal y becomes i when there is another vowel in the stem.</summary>
        public void Step1C()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[_k] = 'i';
            }
        }

        /// <summary>Step 2: double suffixes to single ones (-ization → -ize).</summary>
        public void Step2()
        {
            if (_k == 0)
            {
                return;
            }

            switch (_b[_k - 1])
            {
                case 'a':
                    _ = ReplaceIf("ational", "ate") || ReplaceIf("tional", "tion");
                    break;
                case 'c':
                    _ = ReplaceIf("enci", "ence") || ReplaceIf("anci", "ance");
                    break;
                case 'e':
                    _ = ReplaceIf("izer", "ize");
                    break;
                case 'l':
                    _ = ReplaceIf("bli", "ble") || ReplaceIf("alli", "al") || ReplaceIf("entli", "ent") || ReplaceIf("eli", "e") || ReplaceIf("ousli", "ous");
                    break;
                case 'o':
                    _ = ReplaceIf("ization", "ize") || ReplaceIf("ation", "ate") || ReplaceIf("ator", "ate");
                    break;
                case 's':
                    _ = ReplaceIf("alism", "al") || ReplaceIf("iveness", "ive") || ReplaceIf("fulness", "ful") || ReplaceIf("ousness", "ous");
                    break;
                case 't':
                    _ = ReplaceIf("aliti", "al") || ReplaceIf("iviti", "ive") || ReplaceIf("biliti", "ble");
                    break;
                case 'g':
                    _ = ReplaceIf("logi", "log");
                    break;
                default:
                    break;
            }
        }

        /// <summary>Step 3: -ic-, -full, -ness and the like.</summary>
        public void Step3()
        {
            switch (_b[_k])
            {
                case 'e':
                    _ = ReplaceIf("icate", "ic") || ReplaceIf("ative", "") || ReplaceIf("alize", "al");
                    break;
                case 'i':
                    _ = ReplaceIf("iciti", "ic");
                    break;
                case 'l':
                    _ = ReplaceIf("ical", "ic") || ReplaceIf("ful", "");
                    break;
                case 's':
                    _ = ReplaceIf("ness", "");
                    break;
                default:
                    break;
            }
        }

        /// <summary>Step 4: -ant, -ence and the like, when the stem is long enough (measure &gt; 1).</summary>
        public void Step4()
        {
            if (_k == 0)
            {
                return;
            }

            var found = _b[_k - 1] switch
            {
                'a' => Ends("al"),
                'c' => Ends("ance") || Ends("ence"),
                'e' => Ends("er"),
                'i' => Ends("ic"),
                'l' => Ends("able") || Ends("ible"),
                'n' => Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent"),
                'o' => (Ends("ion") && _j >= 0 && _b[_j] is 's' or 't') || Ends("ou"),
                's' => Ends("ism"),
                't' => Ends("ate") || Ends("iti"),
                'u' => Ends("ous"),
                'v' => Ends("ive"),
                'z' => Ends("ize"),
                _ => false,
            };
            if (found && Measure() > 1)
            {
                _k = _j;
            }
        }

        /// <summary>Step 5: a final -e, and -ll to -l, on long stems.</summary>
        public void Step5()
        {
            _j = _k;
            if (_b[_k] == 'e')
            {
                var m = Measure();
                if (m > 1 || (m == 1 && !ConsonantVowelConsonant(_k - 1)))
                {
                    _k--;
                }
            }

            if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
            {
                _k--;
            }
        }

        private readonly bool IsConsonant(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>The number of vowel-consonant sequences in <c>_b[0.._j]</c>.</summary>
        private readonly int Measure()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (!IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (!IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private readonly bool VowelInStem()
        {
            for (var i = 0; i <= _j; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool DoubleConsonant(int j) => j >= 1 && _b[j] == _b[j - 1] && IsConsonant(j);

        /// <summary>consonant-vowel-consonant ending at <paramref name="i"/>, the last not w, x or y (hop, not snow).</summary>
        private readonly bool ConsonantVowelConsonant(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
            {
                return false;
            }

            return _b[i] is not ('w' or 'x' or 'y');
        }

        private bool Ends(string suffix)
        {
            var length = suffix.Length;
            if (length > _k + 1)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (_b[_k - length + 1 + i] != suffix[i])
                {
                    return false;
                }
            }

            _j = _k - length;
            return true;
        }

        private void SetTo(string replacement)
        {
            for (var i = 0; i < replacement.Length; i++)
            {
                _b[_j + 1 + i] = replacement[i];
            }

            _k = _j + replacement.Length;
        }

        /// <summary>When the word ends in <paramref name="suffix"/>: replaces it if the stem before it has measure &gt; 0. True when it ended so.</summary>
        private bool ReplaceIf(string suffix, string replacement)
        {
            if (!Ends(suffix))
            {
                return false;
            }

            if (Measure() > 0)
            {
                SetTo(replacement);
            }

            return true;
        }
    }
}

#!/usr/bin/env bash
# Synthesizes every prompt the default config names, in English and Russian, as 8 kHz mono 16-bit WAV
# (what Asterisk plays without transcoding on ulaw/alaw calls), into asterisk-config/sounds/<lang>/callpath/.
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox). Replace the files with studio
# recordings of the same names whenever you like: callpath only knows the names.
set -euo pipefail

out_root="$(cd "$(dirname "$0")/.." && pwd)/asterisk-config/sounds"

# name|English text|Russian text[|words per minute: a prompt that must be short, spoken faster, trailing silence cut]
prompts=(
  "informer|Thank you for calling Ultralight. This spring, every order gets free delivery and a second year of warranty. Press a key at any time to skip this message.|Спасибо, что позвонили в Ультралайт. Этой весной на каждый заказ бесплатная доставка и второй год гарантии. Нажмите любую клавишу, чтобы пропустить сообщение."
  "greeting|Sales 1, service 2, operator 0.|Продажи 1, сервис 2, оператор 0.|175"
  "menu|For sales, press 1. For service, press 2. For an operator, press 0.|Отдел продаж, нажмите 1. Сервис, нажмите 2. Оператор, нажмите 0."
  "no-input|Sorry, we did not hear your choice.|Извините, мы не услышали ваш выбор."
  "invalid|Sorry, that is not a valid choice.|Извините, такого варианта нет."
  "after-hours|Thank you for calling. We are closed now. Our working hours are Monday to Friday, nine to six. Please call again.|Спасибо за звонок. Сейчас мы не работаем. Мы работаем с понедельника по пятницу, с девяти до шести. Пожалуйста, перезвоните."
  "line-main|Call from the main line, spring campaign.|Звонок с основной линии, весенняя акция."
  "dept-sales|Sales.|Продажи."
  "dept-service|Service.|Сервис."
  "accept|Press 1 to take the call.|Нажмите 1, чтобы принять звонок."
  "connecting|Connecting you now.|Соединяю."
  "callback|Callback. A caller hung up after|Обратный звонок. Клиент положил трубку через"
  "callback-seconds|seconds.|секунд."
  "callback-offer|Press star to be called back.|Нажмите звёздочку, и мы вам перезвоним."
  "callback-queued|Thank you. A seller will call you back shortly.|Спасибо. Продавец скоро вам перезвонит."
)

voice_for() { case "$1" in en) echo "en-us" ;; ru) echo "ru" ;; esac; }

for lang in en ru; do
  dir="$out_root/$lang/callpath"
  mkdir -p "$dir"
  for entry in "${prompts[@]}"; do
    IFS='|' read -r name english russian wpm <<<"$entry"
    text="$english"; [ "$lang" = ru ] && text="$russian"
    raw="$(mktemp --suffix=.wav)"
    espeak-ng -v "$(voice_for "$lang")" -s "${wpm:-150}" -w "$raw" "$text"
    # espeak-ng writes 22050 Hz; resample with a little gain headroom so telephony codecs do not clip
    trim=()
    [ -n "$wpm" ] && trim=(reverse silence 1 0.02 0.5% reverse)
    sox "$raw" -r 8000 -c 1 -b 16 -e signed-integer "$dir/$name.wav" gain -n -3 "${trim[@]}"
    rm -f "$raw"
    printf '%s/%s.wav  %ss\n' "$lang" "$name" "$(soxi -D "$dir/$name.wav")"
  done
done
